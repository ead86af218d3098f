"""Go-semantics formats written once as RE2 patterns, shared by validator and schema.

Each pattern accepts exactly what the named Go function accepts, so the Python
validator and any RE2-family JSON Schema engine agree with the vendor's edge.
"""

from __future__ import annotations

_D = "[0-9]"
_LEAP_YEAR = f"(?:{_D}{{2}}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE = (
    f"(?:{_D}{{4}}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]{_D}|3[01])"
    f"|(?:0[469]|11)-(?:0[1-9]|[12]{_D}|30)"
    f"|02-(?:0[1-9]|1{_D}|2[0-8]))"
    f"|{_LEAP_YEAR}-02-29)"
)
_TIME = f"(?:[01]{_D}|2[0-3]):[0-5]{_D}:[0-5]{_D}(?:[.,]{_D}+)?"
_ZONE = f"(?:Z|[+-](?:[01]{_D}|2[0-3]):[0-5]{_D})"

#: ``time.Parse(time.RFC3339, s)`` succeeds (Go 1.20+): calendar-checked day of month,
#: leap years, seconds 00-59, optional fraction (``.`` or ``,``), ``Z`` or ``±hh:mm``.
RFC3339 = f"^{_DATE}T{_TIME}{_ZONE}$"
RFC3339_MEANING = "an RFC 3339 time as Go's time.Parse(time.RFC3339) accepts it"

_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = f"{_OCTET}(?:\\.{_OCTET}){{3}}"

#: ``net.ParseIP(s).To4() != nil`` for the dotted-quad form: no leading zeros (Go 1.17+).
IPV4 = f"^{_IPV4}$"
IPV4_MEANING = "a valid IPv4 address (dotted quad, no leading zeros)"

_H = "[0-9a-fA-F]{1,4}"
_IPV6_FORMS = [
    f"(?:{_H}:){{7}}{_H}",
    f"(?:{_H}:){{1,7}}:",
    f"(?:{_H}:){{1,6}}:{_H}",
    f"(?:{_H}:){{1,5}}(?::{_H}){{1,2}}",
    f"(?:{_H}:){{1,4}}(?::{_H}){{1,3}}",
    f"(?:{_H}:){{1,3}}(?::{_H}){{1,4}}",
    f"(?:{_H}:){{1,2}}(?::{_H}){{1,5}}",
    f"{_H}:(?::{_H}){{1,6}}",
    f":(?:(?::{_H}){{1,7}}|:)",
    f"(?:{_H}:){{6}}{_IPV4}",
    f"(?:{_H}:){{1,5}}:{_IPV4}",
    f"(?:{_H}:){{1,4}}:(?:{_H}:){{0,1}}{_IPV4}",
    f"(?:{_H}:){{1,3}}:(?:{_H}:){{0,2}}{_IPV4}",
    f"(?:{_H}:){{1,2}}:(?:{_H}:){{0,3}}{_IPV4}",
    f"{_H}::(?:{_H}:){{0,4}}{_IPV4}",
    f"::(?:{_H}:){{0,5}}{_IPV4}",
]

#: ``net.ParseIP(s) != nil``: an IPv4 dotted quad or an IPv6 address (no zone).
IP_ADDRESS = f"^(?:{_IPV4}|{'|'.join(_IPV6_FORMS)})$"
IP_ADDRESS_MEANING = "a valid IP address (Go's net.ParseIP)"

#: A canonical 8-4-4-4-12 hexadecimal UUID.
UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
UUID_MEANING = "a UUID (8-4-4-4-12 hexadecimal digits)"
