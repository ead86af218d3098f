"""The Pod Update rule table: one entry per row of ``pod-update.txt``, plus the envelope
and cross-field rules read from its message examples and prose (its spec: ``__init__.py`` here).

This is the only place a rule is written. ``spec`` is the document's wording (the
``Type:``/``Value:`` cells of the row, or the sentence the rule comes from). Presence
is derived, not written: a field is required when the table does not mark it
"Optional field", its Go type is not a pointer, and Go's zero value for it (what the
vendor's ``encoding/json`` leaves when the key is absent) breaks the row's own rule.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from harness.rules import formats
from harness.rules.goregex import compile_go
from harness.rules.model import (
    PROFILES,
    Constraint,
    Count,
    CrossCheck,
    Each,
    EncodedSize,
    GoType,
    IntRange,
    KeysIn,
    MaxLength,
    NoDoubleDot,
    NotIn,
    NotPattern,
    OneOf,
    Pattern,
    Profile,
    Rule,
    Unique,
    Vendor,
    ZeroOr,
    get_ci,
    quantity_value,
    short,
)

C = "content"
META = f"{C}.metadata"
SPEC = f"{C}.spec"
VOL = f"{SPEC}.Volumes[]"
CTR = f"{SPEC}.containers[]"
PROBES = (f"{CTR}.livenessProbe", f"{CTR}.readinessProbe")
PORT = f"{CTR}.ports[]"
SEC = f"{CTR}.securityContext"
MOUNT = f"{CTR}.volumeMounts[]"
TOL = f"{SPEC}.tolerations[]"
_VOLUME_NAMES, _MOUNT_NAMES, _POD_NAME = f"{VOL}.name", f"{MOUNT}.name", f"{META}.name"

PATH_REGEX = "^/[a-z0-9A-Z_./-]+$"
PATH_CLAUSES = (Pattern(PATH_REGEX), MaxLength(1024), NoDoubleDot())
PATH_VALID = (("the shortest path", "/a"), ("a path at 1024 characters", "/" + "p" * 1023))
PATH_INVALID = (
    ("a relative path", "home/data"),
    ("a path with '..'", "/home/../etc"),
    ("a path of 1025 characters", "/" + "p" * 1024),
    ("a path with a space", "/home/my data"),
    ("a path ending in a newline", "/home/data\n"),
)
LONGEST_PATH = "/" + "p" * 1023

LINUX_CAPABILITIES = (
    "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE",
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER",
    "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
    "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP",
    "SETUID", "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE",
    "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG",
    "WAKE_ALARM",
)  # fmt: skip
RESOURCE_NAMES = ("npu", "cpu", "memory", "huawei.com/Ascend310")


def _t(text: str) -> GoType:
    return GoType(text)


Seen = dict[str, list[tuple[str, Any]]]


def _route_resource_names_pod(seen: Seen) -> list[tuple[str, str]]:
    """ROUTE-RESOURCE: ``route.resource`` is ``websocket/pod/`` + ``content.metadata.name``."""
    resources, names = seen["route.resource"], seen[_POD_NAME]
    if not resources or not names:
        return []
    path, resource = resources[-1]
    name = names[-1][1]
    if not isinstance(resource, str) or not isinstance(name, str) or not resource.startswith("websocket/pod/"):
        return []  # the type, and a resource outside websocket/pod/, are the rule's own path checks
    expected = f"websocket/pod/{name}"
    if resource != expected:
        return [(path, f"{short(resource)} does not name the pod: expected {short(expected)}")]
    return []


def _mounts_name_volumes(seen: Seen) -> list[tuple[str, str]]:
    """MOUNT-NAMES-VOLUME: every ``volumeMounts[].name`` names a volume of ``spec.Volumes``."""
    declared = {name for _, name in seen[_VOLUME_NAMES] if isinstance(name, str)}
    unnamed = [(path, name) for path, name in seen[_MOUNT_NAMES] if isinstance(name, str) and name not in declared]
    if not unnamed:
        return []
    listed = ", ".join(sorted(declared)) or "none"
    return [(path, f"{short(name)} names no volume of spec.Volumes ({listed})") for path, name in unnamed]


_TIMESTAMP_SILENT = ("the document gives the request's timestamp no range and never says it is required (only the "
                     "example's 1652168697); the vendor's edge never reads it")

_ENVELOPE: list[Rule] = [
    Rule("MESSAGE", ("",), _t("struct"), group="envelope", source="envelope",
         spec='Message instance: {"header":{...}, "route":{...}, "content":{}} (a JSON object)'),
    Rule("HDR", ("header",), _t("struct"), group="envelope", source="envelope",
         spec='"header":{"msg_id", "parent_msg_id", "timestamp", "resourceversion", "sync"}'),
    Rule("ROUTE", ("route",), _t("struct"), group="envelope", source="envelope",
         spec='"route":{"source", "group", "operation", "resource"}'),
    Rule("HDR-MSG-ID", ("header.msg_id",), _t("string"), group="envelope", source="envelope",
         spec='"msg_id":"85c67925-5768-4edd-b40e-32cf106e07e8" (a UUID, fresh for every message)',
         constraints=(Pattern(formats.UUID, formats.UUID_MEANING),),
         valid=(("an upper-case UUID", "85C67925-5768-4EDD-B40E-32CF106E07E8"),),
         undecided=(("an upper-case UUID", "the document says only \"a UUID\" and shows one in lower case; "
                     "RFC 4122 reads either case, the vendor's edge drops upper case"),),
         invalid=(("a word, not a UUID", "not-a-uuid"), ("a UUID without hyphens", "85c679255768" + "4edd" * 5))),
    Rule("HDR-PARENT-MSG-ID", ("header.parent_msg_id",), _t("string"), group="envelope", source="envelope",
         spec='"parent_msg_id": "" (a request has no parent)',
         constraints=(OneOf(("",)),)),
    Rule("HDR-TIMESTAMP", ("header.timestamp",), _t("int64"), group="envelope", source="envelope",
         spec='"timestamp":1652168697 (Unix time; the request example is in seconds)',
         constraints=(IntRange(1, 2**63 - 1),),
         undecided=(("0, below the range", _TIMESTAMP_SILENT), ("the field left out", _TIMESTAMP_SILENT)),
         note="The unit is not judged: the request example is in seconds, the answer in milliseconds (erratum 8)."),
    Rule("HDR-RESOURCEVERSION", ("header.resourceversion",), _t("string"), group="envelope", source="envelope",
         spec='"resourceversion": ""', optional=True,
         optional_why="the document gives no rule, only the example's \"\""),
    Rule("HDR-SYNC", ("header.sync",), _t("bool"), group="envelope", source="envelope",
         spec='"sync":true (the edge must answer)', constraints=(OneOf((True,)),)),
    Rule("ROUTE-SOURCE", ("route.source",), _t("string"), group="envelope", source="envelope",
         spec='"source":"controller"', constraints=(OneOf(("controller",)),)),
    Rule("ROUTE-GROUP", ("route.group",), _t("string"), group="envelope", source="envelope",
         spec='"group":"resource"', constraints=(OneOf(("resource",)),)),
    Rule("ROUTE-OPERATION", ("route.operation",), _t("string"), group="envelope", source="envelope",
         spec='"operation":"update"', constraints=(OneOf(("update",)),)),
    Rule("ROUTE-RESOURCE", ("route.resource",), _t("string"), group="envelope", source="envelope",
         spec="In the resource field under route, the actual value of {pod_name} is the same as the value of "
              'name under metadata. ("resource":"websocket/pod/{pod_name}")',
         constraints=(Pattern("^websocket/pod/"),), cross=_route_resource_names_pod,
         reads=("route.resource", f"{META}.name"),
         invalid=(("a resource outside websocket/pod/", "websocket/podstatus/x"),)),
    Rule("CONTENT-OBJECT", (C,), _t("struct"), group="envelope", source="envelope",
         spec='"content":{} (the pod: metadata and spec)'),
]

_METADATA: list[Rule] = [
    Rule("META", (META,), _t("struct"), group="metadata", spec="metadata. Type: struct"),
    Rule("META-CREATION-TIMESTAMP", (f"{META}.creationTimestamp",), _t("string"), group="metadata",
         spec="Type: string. Value: a string in the time.RFC3339 format, for example, 2006-01-02T15:04:05Z07:00",
         constraints=(Pattern(formats.RFC3339, formats.RFC3339_MEANING),),
         valid=(("a UTC time", "2022-05-10T07:44:54Z"), ("an offset and a fraction", "2024-02-29T23:59:59.999+08:00")),
         invalid=(("a date without a time", "2022-05-10"), ("the 30th of February", "2022-02-30T07:44:54Z"),
                  ("a time without a zone", "2022-05-10T07:44:54"), ("a space instead of T", "2022-05-10 07:44:54Z"),
                  ("the 29th of February of 2023", "2023-02-29T00:00:00Z"), ("hour 24", "2022-05-10T24:00:00Z"))),
    Rule("META-NAME", (f"{META}.name",), _t("string"), group="metadata",
         spec="Meaning: pod name. Type: string. Value: matching the regular expression "
              "^[a-z0-9]([a-z0-9-]{0,126}[a-z0-9]){0,1}$",
         constraints=(Pattern("^[a-z0-9]([a-z0-9-]{0,126}[a-z0-9]){0,1}$"),),
         valid=(("a one-character name", "a"), ("a name of 128 characters", "a" * 128)),
         invalid=(("a name of 129 characters", "a" * 129), ("an upper-case name", "Root-test"),
                  ("a name ending in '-'", "root-test-"), ("an empty name", ""), ("a name with '_'", "root_test")),
         longest="a" * 128),
    Rule("META-NAMESPACE", (f"{META}.namespace",), _t("string"), group="metadata", optional=True,
         spec="Optional field. Type: string. Value: websocket or mef-user",
         constraints=(OneOf(("websocket", "mef-user")),)),
    Rule("META-RESOURCE-VERSION", (f"{META}.resourceVersion",), _t("string"), group="metadata",
         spec="Type: string. Value: matching the regular expression ^[a-zA-Z0-9]{0,64}$",
         constraints=(Pattern("^[a-zA-Z0-9]{0,64}$"),),
         valid=(("an empty version", ""), ("64 characters", "V" * 64)),
         invalid=(("65 characters", "V" * 65), ("a version with '-'", "08-68647")), longest="V" * 64),
    Rule("META-UID", (f"{META}.uid",), _t("string"), group="metadata",
         spec="Type: string. Value: matching the regular expression "
              "^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}){0,1}$",
         constraints=(Pattern("^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}){0,1}$"),),
         valid=(("an empty uid", ""),),
         invalid=(("an upper-case uid", "6BF30364-3C62-493D-B3C1-848012FB8731"), ("a truncated uid", "6bf30364-3c62"))),
    Rule("META-DELETION-TIMESTAMP", (f"{META}.deletionTimestamp",), _t("string"), group="metadata",
         optional=True, optional_why="carried only when the pod is deleted",
         spec="Type: string. Value: a string in time.RFC3339 format. This parameter is carried when a pod is deleted.",
         constraints=(Pattern(formats.RFC3339, formats.RFC3339_MEANING),),
         invalid=(("a Unix time in a string", "1678439689"), ("a time without a zone", "2023-03-10T09:14:49"))),
    Rule("META-DELETION-GRACE-PERIOD", (f"{META}.deletionGracePeriodSeconds",), _t("*int64"), group="metadata",
         optional_why="carried only when the pod is deleted",
         spec="Type: *int64. This parameter is carried when a pod is deleted."),
]

_VOLUMES: list[Rule] = [
    Rule("SPEC", (SPEC,), _t("struct"), group="pod", spec="spec. Type: struct"),
    Rule("VOL-LIST", (f"{SPEC}.Volumes",), _t("[]Volume"), group="volumes",
         spec="Type: []Volume. Value: The maximum slice length is 256.", constraints=(Count(0, 256),)),
    Rule("VOL-HOSTPATH", (f"{VOL}.hostPath",), _t("*HostPathVolumeSource"), group="volumes",
         spec="Type: *HostPathVolumeSource"),
    Rule("VOL-HOSTPATH-PATH", (f"{VOL}.hostPath.path",), _t("string"), group="volumes",
         spec="Type: string. Value: matching the regular expression ^/[a-z0-9A-Z_./-]+$. (The value contains a "
              "maximum of 1024 characters and cannot contain two consecutive dots (..).)",
         constraints=PATH_CLAUSES, valid=PATH_VALID, invalid=PATH_INVALID, longest=LONGEST_PATH),
    Rule("VOL-HOSTPATH-TYPE", (f"{VOL}.hostPath.type",), _t("*HostPathType"), group="volumes",
         spec='Type: *HostPathType. Value: ""', constraints=(OneOf(("",)),),
         invalid=(("a Kubernetes type the table does not allow", "Directory"),)),
    Rule("VOL-CONFIGMAP", (f"{VOL}.configMap",), _t("*ConfigMapVolumeSource"), group="volumes",
         spec="Type: *ConfigMapVolumeSource"),
    Rule("VOL-CONFIGMAP-DEFAULT-MODE", (f"{VOL}.configMap.defaultMode",), _t("int32"), group="volumes",
         spec="Type: int32. Value: 0644", constraints=(OneOf((420,)),),
         note="0644 is octal; JSON carries it in decimal, 420 (as the document's example does).",
         invalid=(("644, the octal digits read as decimal", 644), ("0755 in decimal (493)", 493))),
    Rule("VOL-CONFIGMAP-NAME", (f"{VOL}.configMap.name",), _t("string"), group="volumes",
         spec="Type: string. Value: matching the regular expression ^[a-z][a-z0-9-]{2,62}[a-z0-9]$",
         constraints=(Pattern("^[a-z][a-z0-9-]{2,62}[a-z0-9]$"),),
         valid=(("4 characters, the shortest", "cfgm"), ("64 characters, the longest", "c" * 64)),
         invalid=(("3 characters", "cfg"), ("65 characters", "c" * 65), ("a name starting with a digit", "1cfg")),
         longest="c" * 64),
    Rule("VOL-EMPTYDIR", (f"{VOL}.emptyDir",), _t("*EmptyDirVolumeSource"), group="volumes",
         spec="Type: *EmptyDirVolumeSource"),
    Rule("VOL-EMPTYDIR-MEDIUM", (f"{VOL}.emptyDir.medium",), _t("string"), group="volumes",
         spec='Type: string. Value: "" (empty character string)', constraints=(OneOf(("",)),),
         lenient=(OneOf(("", "Memory")),), erratum=1,
         invalid=(("Memory, as the document's example sends (erratum 1)", "Memory"),)),
    Rule("VOL-NAME", (f"{VOL}.name",), _t("string"), group="volumes",
         spec="Type: string. Value: matching the regular expression ^^[a-zA-Z0-9-]{1,63}$",
         constraints=(Pattern("^^[a-zA-Z0-9-]{1,63}$"),), erratum=7,
         valid=(("1 character", "1"), ("63 characters", "V" * 63)),
         invalid=(("64 characters", "V" * 64), ("an empty name", ""), ("a name with '_'", "vol_1")),
         longest="V" * 63, twin=f"{MOUNT}.name"),
]

_CONTAINERS: list[Rule] = [
    Rule("CTR-LIST", (f"{SPEC}.containers",), _t("[]Container"), group="containers",
         spec="Type: []Container. Value: The slice length ranges from 1 to 10.", constraints=(Count(1, 10),)),
    Rule("CTR-ENV-LIST", (f"{CTR}.env",), _t("[]EnvVar"), group="containers",
         spec="Type: []EnvVar. Value: a maximum of 256", constraints=(Count(0, 256),)),
    Rule("CTR-ENV-NAME", (f"{CTR}.env[].name",), _t("string"), group="containers", erratum=7,
         spec="Type: string. Value: matching the regular expression ^[a-zA-Z][a-zA-z0-9._-]{0,30}[a-zA-Z0-9]$",
         constraints=(Pattern("^[a-zA-Z][a-zA-z0-9._-]{0,30}[a-zA-Z0-9]$"),),
         valid=(("2 characters, the shortest", "AB"), ("32 characters, the longest", "A" * 32)),
         invalid=(("1 character", "A"), ("33 characters", "A" * 33), ("a name starting with a digit", "1ABC"),
                  ("a name ending in '.'", "ABC.")),
         longest="A" * 32,
         note="As written, `A-z` also admits [ \\ ] ^ _ and the backtick inside the name (erratum 7)."),
    Rule("CTR-ENV-VALUE", (f"{CTR}.env[].value",), _t("string"), group="containers",
         spec="Type: string. Value: ^[a-zA-Z0-9 _./:-]{1,512}$",
         constraints=(Pattern("^[a-zA-Z0-9 _./:-]{1,512}$"),),
         valid=(("1 character", "5"), ("512 characters", "v" * 512)),
         invalid=(("an empty value", ""), ("513 characters", "v" * 513), ("a value with '$'", "$HOME")),
         longest="v" * 512),
    Rule("CTR-IMAGE", (f"{CTR}.image",), _t("string"), group="containers",
         spec="Type: string. Value: matching the regular expression ^[a-zA-Z0-9:_/.-]{1,288}$",
         constraints=(Pattern("^[a-zA-Z0-9:_/.-]{1,288}$"),),
         valid=(("288 characters", "registry.example.com/" + "i" * 267),),
         invalid=(("289 characters", "registry.example.com/" + "i" * 268), ("an image with '@'", "reg.io/app@sha256")),
         longest="registry.example.com/" + "i" * 267),
    Rule("CTR-IMAGE-REGISTRY", (f"{CTR}.image",), _t("string"), group="containers", source="prose",
         spec="In the container update message, the image name field carries the URL prefix of the image "
              "repository.",
         constraints=(Pattern("^[^/]+/[^/]"),),
         invalid=(("an image without a registry prefix", "root-test:2.0"), ("a leading '/'", "/library/app:2.0"))),
    Rule("CTR-IMAGE-PULL-POLICY", (f"{CTR}.imagePullPolicy",), _t("string"), group="containers", optional=True,
         spec="Optional field. Type: string. Value: IfNotPresent or Always",
         constraints=(OneOf(("IfNotPresent", "Always")),),
         invalid=(("Never, which Kubernetes allows but the table does not", "Never"),)),
    Rule("CTR-NAME", (f"{CTR}.name",), _t("string"), group="containers",
         spec="Type: string. Value: matching the regular expression ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9]){0,1}$",
         constraints=(Pattern("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9]){0,1}$"),),
         valid=(("1 character", "c"), ("32 characters", "c" * 32)),
         invalid=(("33 characters", "c" * 33), ("an upper-case name", "Container-0"), ("an empty name", "")),
         longest="c" * 32),
    Rule("CTR-TERMINATION-MESSAGE-PATH", (f"{CTR}.terminationMessagePath",), _t("string"), group="containers",
         optional=True, spec="Optional field. Type: string. Value: /dev/termination-log",
         constraints=(OneOf(("/dev/termination-log",)),)),
    Rule("CTR-TERMINATION-MESSAGE-POLICY", (f"{CTR}.terminationMessagePolicy",), _t("string"), group="containers",
         optional=True, spec="Optional field. Type: string. Value: File",
         constraints=(OneOf(("File",)),),
         invalid=(("FallbackToLogsOnError, which the table does not allow", "FallbackToLogsOnError"),)),
]

_PROBES: list[Rule] = [
    Rule("PROBE", PROBES, _t("*Probe"), group="probes", spec="livenessProbe or ReadinessProbe. Type: *Probe"),
    Rule("PROBE-EXEC", tuple(f"{p}.exec" for p in PROBES), _t("*ExecAction"), group="probes",
         spec="Type: *ExecAction"),
    Rule("PROBE-EXEC-COMMAND", tuple(f"{p}.exec.Command" for p in PROBES), _t("[]string"), group="probes",
         spec="Type: []string. Value: The slice length can only be 1. The element value matches the regular "
              "expression ^/[a-z0-9A-Z_./-]+$ and cannot exceed 1024 characters. Two consecutive periods (..) "
              "are not allowed.",
         constraints=(Count(1, 1), Each("string", PATH_CLAUSES)),
         valid=(("a command of 1024 characters", ["/" + "c" * 1023]),),
         invalid=(("two elements", ["/bin/echo", "/bin/true"]), ("a relative command", ["echo"]),
                  ("a command with '..'", ["/bin/../sh"]), ("a command of 1025 characters", ["/" + "c" * 1024]),
                  ("a number as the command", [7])),
         longest=[LONGEST_PATH]),
    Rule("PROBE-FAILURE-THRESHOLD", tuple(f"{p}.failureThreshold" for p in PROBES), _t("int32"), group="probes",
         spec="Type: int32. Value: 3", constraints=(OneOf((3,)),)),
    Rule("PROBE-HTTPGET", tuple(f"{p}.httpGet" for p in PROBES), _t("*HTTPGetAction"), group="probes",
         spec="Type: *HTTPGetAction"),
    Rule("PROBE-HTTPGET-HOST", tuple(f"{p}.httpGet.Host" for p in PROBES), _t("string"), group="probes",
         spec="Type: string. Value: a valid IP address string",
         constraints=(Pattern(formats.IP_ADDRESS, formats.IP_ADDRESS_MEANING),),
         unless_sibling_empty="Path",
         valid=(("an IPv6 address", "fe80::1"), ("an IPv4-mapped IPv6 address", "::ffff:127.0.0.1")),
         invalid=(("a host name", "localhost"), ("an IPv4 address with a leading zero", "127.0.0.01"),
                  ("the document's redaction", "127.0.xx.xx"), ("an IPv6 address with a zone", "fe80::1%eth0"))),
    Rule("PROBE-HTTPGET-PATH", tuple(f"{p}.httpGet.Path" for p in PROBES), _t("string"), group="probes",
         spec="Type: string. Value: matching the regular expression ^/[a-z0-9A-Z_./-]+$ and supporting a "
              "maximum of 1024 characters. If the value is empty, probe parameters are not verified. Two "
              "consecutive periods (..) are not allowed.",
         optional=True, optional_why="if the value is empty, the probe's parameters are not verified",
         constraints=(Pattern(f"^$|{PATH_REGEX}"), MaxLength(1024), NoDoubleDot()),
         valid=(("an empty path (the probe is then not verified)", ""), *PATH_VALID),
         invalid=PATH_INVALID, longest=LONGEST_PATH),
    Rule("PROBE-HTTPGET-PORT", tuple(f"{p}.httpGet.Port" for p in PROBES), _t("int32"), group="probes",
         spec="Type: int32. Value: [1,65535]", constraints=(IntRange(1, 65535),), unless_sibling_empty="Path"),
    Rule("PROBE-HTTPGET-SCHEME", tuple(f"{p}.httpGet.Scheme" for p in PROBES), _t("string"), group="probes",
         spec="Type: string. Value: HTTP or HTTPS", constraints=(OneOf(("HTTP", "HTTPS")),),
         lenient=(OneOf(("HTTP", "HTTPS", "http", "https")),), erratum=3, unless_sibling_empty="Path",
         invalid=(("http in lower case, as the document's example sends (erratum 3)", "http"),)),
    Rule("PROBE-INITIAL-DELAY", tuple(f"{p}.initialDelaySeconds" for p in PROBES), _t("int32"), group="probes",
         optional=True, spec="Optional field. Type: int32. Value: [1,3600]", constraints=(IntRange(1, 3600),)),
    Rule("PROBE-PERIOD", tuple(f"{p}.periodSeconds" for p in PROBES), _t("int32"), group="probes",
         optional=True, spec="Optional field. Type: int32. Value: [1,3600]", constraints=(IntRange(1, 3600),)),
    Rule("PROBE-SUCCESS-THRESHOLD", tuple(f"{p}.successThreshold" for p in PROBES), _t("int32"), group="probes",
         spec="Type: int32. Value: 1", constraints=(OneOf((1,)),)),
    Rule("PROBE-TIMEOUT", tuple(f"{p}.timeoutSeconds" for p in PROBES), _t("int32"), group="probes",
         optional=True, spec="Optional field. Type: int32. Value: [1,3600]", constraints=(IntRange(1, 3600),)),
]

_PORTS: list[Rule] = [
    Rule("PORT-LIST", (f"{CTR}.ports",), _t("[]ContainerPort"), group="ports",
         spec="Type: []ContainerPort. Value: a maximum of 16", constraints=(Count(0, 16),)),
    Rule("PORT-CONTAINER-PORT", (f"{PORT}.containerPort",), _t("int32"), group="ports",
         spec="Type: int32. Value: [1,65535]", constraints=(IntRange(1, 65535),)),
    Rule("PORT-HOST-PORT", (f"{PORT}.hostPort",), _t("int32"), group="ports",
         spec="Type: int32. Value: [1024,65535]", constraints=(IntRange(1024, 65535),)),
    Rule("PORT-PROTOCOL", (f"{PORT}.protocol",), _t("string"), group="ports",
         spec="Type: string. Value: TCP or UDP", constraints=(OneOf(("TCP", "UDP")),),
         invalid=(("SCTP, which Kubernetes allows but the table does not", "SCTP"),)),
    Rule("PORT-HOST-IP", (f"{PORT}.hostIP",), _t("string"), group="ports",
         spec="Type: string. Value: a valid IPv4 address that cannot be empty, all 0s, or all 255s",
         constraints=(Pattern(formats.IPV4, formats.IPV4_MEANING),
                      NotIn(("0.0.0.0", "255.255.255.255"), "all 0s or all 255s")),
         valid=(("the lowest address", "0.0.0.1"), ("the highest address", "255.255.255.254")),
         invalid=(("an empty address", ""), ("an IPv6 address", "::1"), ("an octet of 256", "10.0.0.256"),
                  ("the document's redaction", "127.0.xx.xx"), ("a leading zero", "10.0.0.01"))),
]

_RESOURCES: list[Rule] = [
    Rule("RES", (f"{CTR}.resources",), _t("struct"), group="resources", spec="resources. Type: struct"),
    Rule("RES-LIMITS", (f"{CTR}.resources.limits",), _t("map[ResourceName]resource.Quantity"), group="resources",
         spec="Type: map[ResourceName]resource.Quantity. The value of ResourceName can be npu, cpu, memory, or "
              "huawei.com/Ascend310.",
         constraints=(KeysIn(RESOURCE_NAMES), Each("quantity", of_map=True)),
         valid=(("every resource name", {"npu": "1", "cpu": "2", "memory": "1Gi", "huawei.com/Ascend310": "1"}),),
         invalid=(("a resource name outside the list", {"cpu": "1", "gpu": "1"}),
                  ("CPU in upper case", {"CPU": "1"}), ("a quantity that is not one", {"cpu": "one"})),
         note="Quantities follow Kubernetes (the document defers to it): \"1\", \"0.25\", \"512Mi\"."),
    Rule("RES-REQUESTS", (f"{CTR}.resources.requests",), _t("map[ResourceName]resource.Quantity"),
         group="resources",
         spec="Type: map[ResourceName]resource.Quantity. The value of ResourceName can be npu, cpu, memory, or "
              "huawei.com/Ascend310.",
         constraints=(KeysIn(RESOURCE_NAMES), Each("quantity", of_map=True)),
         invalid=(("a resource name outside the list", {"ephemeral-storage": "1Gi"}),
                  ("a quantity with a bad suffix", {"memory": "512MB"}))),
]

_SECURITY: list[Rule] = [
    Rule("SEC", (SEC,), _t("*SecurityContext"), group="security", spec="securityContext. Type: *SecurityContext"),
    Rule("SEC-CAPABILITIES", (f"{SEC}.capabilities",), _t("*Capabilities"), group="security",
         spec="Type: *Capabilities. Value: container capability"),
    Rule("SEC-CAPABILITIES-ADD", (f"{SEC}.capabilities.add",), _t("[]Capability"), group="security",
         spec="Type: []Capability. Value: a container capability to be added. A maximum of 5 capabilities can be "
              "added. For details, see the official container document.",
         constraints=(Count(0, 5), Each("string", (OneOf(LINUX_CAPABILITIES),))),
         valid=(("five capabilities", ["SETPCAP", "MKNOD", "CHOWN", "KILL", "NET_RAW"]),),
         invalid=(("six capabilities", ["SETPCAP", "MKNOD", "CHOWN", "KILL", "NET_RAW", "SETUID"]),
                  ("a name that is no capability", ["SUPERPOWER"]), ("a lower-case name", ["mknod"])),
         inferred=(("a lower-case name", "the document defers capability names to \"the official container "
                    "document\"; container runtimes read them in any case: upper case only is our inference from "
                    "the example (the vendor's edge accepts lower case)"),),
         note="Capability names are those of capabilities(7), without the CAP_ prefix, as the example writes them."),
    Rule("SEC-PRIVILEGED", (f"{SEC}.privileged",), _t("*bool"), group="security",
         spec="Type: *bool. Value: false", constraints=(OneOf((False,)),)),
    Rule("SEC-RUN-AS-GROUP", (f"{SEC}.runAsGroup",), _t("*int64"), group="security",
         spec="Type: *int64. Value: [1,65535]", constraints=(IntRange(1, 65535),)),
    Rule("SEC-RUN-AS-USER", (f"{SEC}.runAsUser",), _t("*int64"), group="security",
         spec="Type: *int64. Value: [1,65535]", constraints=(IntRange(1, 65535),)),
]

_MOUNTS: list[Rule] = [
    Rule("MOUNT-LIST", (f"{CTR}.volumeMounts",), _t("[]VolumeMount"), group="mounts",
         spec="Type: []VolumeMount. Value: a maximum of 256", constraints=(Count(0, 256),)),
    Rule("MOUNT-PATH", (f"{MOUNT}.mountPath",), _t("string"), group="mounts",
         spec="Type: string. Value: matching the regular expression ^/[a-z0-9A-Z_./-]+$. (The value contains a "
              "maximum of 1024 characters and cannot contain two consecutive dots (..).)",
         constraints=PATH_CLAUSES, valid=PATH_VALID, invalid=PATH_INVALID, longest=LONGEST_PATH),
    Rule("MOUNT-NAME", (f"{MOUNT}.name",), _t("string"), group="mounts",
         spec="Type: string. Value: matching the regular expression ^[a-zA-Z0-9-]{1,63}$",
         constraints=(Pattern("^[a-zA-Z0-9-]{1,63}$"),),
         valid=(("1 character", "1"), ("63 characters", "V" * 63)),
         invalid=(("64 characters", "V" * 64), ("an empty name", ""), ("a name with '.'", "vol.1")),
         longest="V" * 63, twin=f"{VOL}.name"),
    Rule("MOUNT-READ-ONLY", (f"{MOUNT}.readOnly",), _t("bool"), group="mounts",
         spec="Type: bool. Value: The value must be true.", constraints=(OneOf((True,)),),
         lenient=(), erratum=2),
    Rule("MOUNT-NAMES-VOLUME", (f"{MOUNT}.name",), _t("string"), group="mounts", source="cross-field",
         spec="volumeMounts name: the volume mounted (the example mounts `localtime`, which no volume declares; "
              "Kubernetes requires a mount to name a volume of the pod)",
         cross=_mounts_name_volumes, reads=(f"{VOL}.name", f"{MOUNT}.name"), lenient=(), erratum=4,
         invalid=(("a mount of a volume the pod does not declare", "undeclared-volume"),)),
]

_POD: list[Rule] = [
    Rule("SPEC-DNS-POLICY", (f"{SPEC}.dnsPolicy",), _t("string"), group="pod", optional=True,
         spec="Optional field. Type: string. Value: ClusterFirst", constraints=(OneOf(("ClusterFirst",)),),
         invalid=(("Default, which Kubernetes allows but the table does not", "Default"),)),
    Rule("SPEC-HOST-NETWORK", (f"{SPEC}.hostNetwork",), _t("bool"), group="pod", spec="Type: bool"),
    Rule("SPEC-IMAGE-PULL-SECRETS", (f"{SPEC}.imagePullSecrets",), _t("[]LocalObjectReference"), group="pod",
         optional=True,
         spec="Optional field. Type: []LocalObjectReference. Value: image-pull-secret or "
              "fusion-director-docker-registry-secret"),
    Rule("SPEC-IMAGE-PULL-SECRET-NAME", (f"{SPEC}.imagePullSecrets[].name",), _t("string"), group="pod",
         spec="Type: string. Value: image-pull-secret or fusion-director-docker-registry-secret",
         constraints=(OneOf(("image-pull-secret", "fusion-director-docker-registry-secret")),)),
    Rule("SPEC-RESTART-POLICY", (f"{SPEC}.restartPolicy",), _t("string"), group="pod", optional=True,
         spec="Optional field. Type: string. Value: Always, OnFailure, or Never",
         constraints=(OneOf(("Always", "OnFailure", "Never")),)),
    Rule("SPEC-SCHEDULER-NAME", (f"{SPEC}.schedulerName",), _t("string"), group="pod", optional=True,
         spec="Optional field. Type: string. Value: default-scheduler", constraints=(OneOf(("default-scheduler",)),)),
    Rule("SPEC-SECURITY-CONTEXT", (f"{SPEC}.securityContext",), _t("*SecurityContext"), group="pod",
         spec="Type: *SecurityContext"),
    Rule("SPEC-SERVICE-ACCOUNT", (f"{SPEC}.serviceAccount",), _t("string"), group="pod", optional=True,
         spec="Optional field. Type: string. Value: default", constraints=(OneOf(("default",)),)),
    Rule("SPEC-SERVICE-ACCOUNT-NAME", (f"{SPEC}.serviceAccountName",), _t("string"), group="pod", optional=True,
         spec="Optional field. Type: string. Value: default", constraints=(OneOf(("default",)),), erratum=6),
    Rule("SPEC-TERMINATION-GRACE-PERIOD", (f"{SPEC}.terminationGracePeriodSeconds",), _t("*int64"), group="pod",
         optional=True, spec="Optional field. Type: *int64. Value: 30", constraints=(OneOf((30,)),)),
    Rule("TOL-LIST", (f"{SPEC}.tolerations",), _t("[]Toleration"), group="tolerations",
         spec="Type: []Toleration. Value: The maximum value is 16.", constraints=(Count(0, 16),)),
    Rule("TOL-EFFECT", (f"{TOL}.effect",), _t("string"), group="tolerations",
         spec="Type: string. Value: NoSchedule, PreferNoSchedule, or NoExecute",
         constraints=(OneOf(("NoSchedule", "PreferNoSchedule", "NoExecute")),)),
    Rule("TOL-KEY", (f"{TOL}.key",), _t("string"), group="tolerations",
         spec="Type: string. Value: The value starts with node.kubernetes.io and contains a maximum of 128 "
              "characters.",
         constraints=(Pattern(r"^node\.kubernetes\.io", "a value starting with node.kubernetes.io"), MaxLength(128)),
         valid=(("128 characters", "node.kubernetes.io/" + "k" * 109),),
         invalid=(("129 characters", "node.kubernetes.io/" + "k" * 110), ("another prefix", "kubernetes.io/x"),
                  ("the prefix in upper case", "Node.kubernetes.io/unreachable")),
         longest="node.kubernetes.io/" + "k" * 109),
    Rule("TOL-OPERATOR", (f"{TOL}.operator",), _t("string"), group="tolerations",
         spec="Type: string. Value: Exists or Equal", constraints=(OneOf(("Exists", "Equal")),)),
]


# ---------------------------------------------------------------------------------------------
# The vendor profile: what the vendor's own edge (Ascend/MEF, read for facts, never copied)
# accepts. Each entry names the vendor file it comes from. Rules absent from _VENDOR_ONLY
# keep their strict constraints under the vendor profile unless _VENDOR says otherwise.
# ---------------------------------------------------------------------------------------------

_MEF = "src/mef-edge/edge-installer/pkg/"
_CHECKER = f"{_MEF}edge-main/common/checker/msgchecker/"
V_POD_TYPES = f"{_CHECKER}types/pod_types.go"
V_META_TYPES = f"{_CHECKER}types/node_types.go"
V_POD_CHECKER = f"{_CHECKER}pod_checker.go"
V_FD_POD_CHECKER = f"{_CHECKER}fd_pod_checker.go"
V_CONTAINER_CHECKER = f"{_CHECKER}container_checker.go"
V_FD_CONTAINER_CHECKER = f"{_CHECKER}fd_container_checker.go"
V_PROBE_CHECKER = f"{_CHECKER}probe_checker.go"
V_MSG_CHECKER = f"{_CHECKER}msg_checker.go"
V_HEADER_CHECKER = f"{_MEF}edge-main/common/msglistchecker/message_checker.go"
V_ALLOW_LIST = f"{_MEF}edge-main/common/msglistchecker/allowed_messages.go"
V_CONSTANTS = f"{_MEF}common/constants/constants.go"
V_PROXY = f"{_MEF}edge-main/edgeproxy/proxy_base.go"
V_IP_CHECKER = "src/common-utils/checker/ip_checker.go"

#: ``FdPodNameRegex`` after ``websocket/pod/``, anchored as the allow-list compiles it.
VENDOR_POD_RESOURCE = ("^websocket/pod/[a-z0-9]([a-z0-9-]{0,62}[a-z0-9]){0,1}"
                       "-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
VENDOR_UUID = "^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"
VENDOR_RESOURCE_NAMES = ("cpu", "memory", "huawei.com/Ascend310")
VENDOR_READ_LIMIT = 1024 * 1024
#: container_checker.go: ``minCpuQuantity``, ``minMemoryQuantity``; npuResNameReg.
VENDOR_MIN_REQUEST = {"cpu": ("0.01", quantity_value("0.01")), "memory": ("4Mi", quantity_value("4Mi"))}
VENDOR_NPU_NAME = "^huawei.com/Ascend[0-9a-zA-Z]{1,64}$"


def _omitempty(zero: Any, *clauses: Constraint) -> tuple[Constraint, ...]:
    return (ZeroOr(zero, clauses),)


_TAGGED = "a `binding` tag"
_VENDOR: dict[str, Vendor] = {
    "MESSAGE": Vendor(V_MSG_CHECKER, "UnmarshalKubeedgeMessage: an object, else dropped unanswered"),
    "HDR": Vendor(V_HEADER_CHECKER, "model.Message header"),
    "ROUTE": Vendor(V_ALLOW_LIST, "model.Message router"),
    "HDR-MSG-ID": Vendor(V_HEADER_CHECKER, "checkHeaderId: ^UUIDRegex$ (lower-case hex), else dropped",
                         constraints=(Pattern(VENDOR_UUID, "a lower-case UUID"),),
                         valid=(("the highest lower-case UUID", "ffffffff-ffff-ffff-ffff-ffffffffffff"),),
                         invalid=(("an upper-case UUID, which the vendor drops",
                                   "85C67925-5768-4EDD-B40E-32CF106E07E8"),)),
    "HDR-PARENT-MSG-ID": Vendor(V_ALLOW_LIST, "noParentID: a pod update carries none, else dropped"),
    "HDR-TIMESTAMP": Vendor(V_HEADER_CHECKER, "never checked (only decoded as int64)", constraints=(),
                            valid=(("a timestamp of 0", 0), ("a negative timestamp", -1))),
    "HDR-RESOURCEVERSION": Vendor(V_CONSTANTS, "ResourceVersionRegex ^[0-9]{0,32}$, else dropped",
                                  constraints=(Pattern("^[0-9]{0,32}$", "at most 32 digits"),),
                                  valid=(("32 digits", "9" * 32),),
                                  invalid=(("33 digits", "9" * 33), ("a version with a letter", "v1"))),
    "HDR-SYNC": Vendor(V_ALLOW_LIST, "syncMessage: sync true, else dropped"),
    "ROUTE-SOURCE": Vendor(V_ALLOW_LIST, "route controller/resource/update|delete|restart"),
    "ROUTE-GROUP": Vendor(V_ALLOW_LIST, "route controller/resource/update|delete|restart"),
    "ROUTE-OPERATION": Vendor(V_ALLOW_LIST, "controllerToResourceByUpdate/ByDelete/ByRestart list pod routes",
                              constraints=(OneOf(("update", "delete", "restart")),)),
    "ROUTE-RESOURCE": Vendor(V_ALLOW_LIST, "regexPattern(\"websocket/pod/\" + FdPodNameRegex); the name in "
                                           "content is never compared with it",
                             constraints=(Pattern(VENDOR_POD_RESOURCE, "websocket/pod/ and an FD pod name "
                                                                       "(name-uuid, the name at most 64)"),),
                             cross=False,
                             valid=(("a 64-character name and a uuid",
                                     "websocket/pod/" + "a" * 64 + "-6bf30364-3c62-493d-b3c1-848012fb8731"),),
                             invalid=(("a name without a uuid", "websocket/pod/root-test"),
                                      ("a 65-character name and a uuid",
                                       "websocket/pod/" + "a" * 65 + "-6bf30364-3c62-493d-b3c1-848012fb8731"))),
    "CONTENT-OBJECT": Vendor(V_MSG_CHECKER, "checkMsgContent: empty, \"OK\" or null content is not checked",
                             present=False),
    "META": Vendor(V_META_TYPES, "ObjectMeta"),
    "META-CREATION-TIMESTAMP": Vendor(V_META_TYPES, "omitempty,datetime=2006-01-02T15:04:05Z07:00",
                                      constraints=_omitempty("", Pattern(formats.RFC3339, formats.RFC3339_MEANING))),
    "META-NAME": Vendor(V_META_TYPES, "validate ^[a-z0-9]([a-z0-9-]{0,126}[a-z0-9]){0,1}$"),
    "META-NAMESPACE": Vendor(V_META_TYPES, "omitempty,oneof=websocket mef-user",
                             constraints=_omitempty("", OneOf(("websocket", "mef-user")))),
    "META-RESOURCE-VERSION": Vendor(V_META_TYPES, "validate ^[a-zA-Z0-9]{0,64}$"),
    "META-UID": Vendor(V_META_TYPES, "validate ^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}){0,1}$"),
    "META-DELETION-TIMESTAMP": Vendor(V_META_TYPES, "omitempty,datetime=2006-01-02T15:04:05Z07:00"),
    "META-DELETION-GRACE-PERIOD": Vendor(V_META_TYPES, "omitempty,min=0,max=120",
                                         constraints=(IntRange(0, 120),)),
    "SPEC": Vendor(V_POD_TYPES, "PodSpec"),
    "VOL-LIST": Vendor(V_POD_TYPES, "max=256,dive"),
    "VOL-HOSTPATH": Vendor(V_POD_TYPES, "omitempty"),
    "VOL-HOSTPATH-PATH": Vendor(V_POD_TYPES, "min=2,max=1024,excludes=.. and validate ^/[a-z0-9A-Z_./-]+$"),
    "VOL-HOSTPATH-TYPE": Vendor(V_POD_TYPES, "*string binding eq=: a nil pointer fails", present=True),
    "VOL-CONFIGMAP": Vendor(V_POD_TYPES, "omitempty"),
    "VOL-CONFIGMAP-DEFAULT-MODE": Vendor(V_POD_TYPES, "*int32 binding eq=0644 (octal, 420)"),
    "VOL-CONFIGMAP-NAME": Vendor(V_POD_TYPES, "validate ^[a-z][a-z0-9-]{2,62}[a-z0-9]$"),
    "VOL-EMPTYDIR": Vendor(V_POD_TYPES, "omitempty"),
    "VOL-EMPTYDIR-MEDIUM": Vendor(V_POD_TYPES, "isdefault,omitempty"),
    "VOL-NAME": Vendor(V_POD_TYPES, "validate ^[a-zA-Z0-9-]{1,63}$"),
    "CTR-LIST": Vendor(V_FD_POD_CHECKER, "max=10,dive; checkContainersNumber: no container is refused"),
    "CTR-ENV-LIST": Vendor(V_POD_TYPES, "max=256,dive"),
    "CTR-ENV-NAME": Vendor(V_POD_TYPES, "validate ^[a-zA-Z][a-zA-Z0-9._-]{0,30}[a-zA-Z0-9]$ (A-Z, not A-z)",
                           constraints=(Pattern("^[a-zA-Z][a-zA-Z0-9._-]{0,30}[a-zA-Z0-9]$"),),
                           invalid=(("a name with '^', which A-z admits", "AB^C"),)),
    "CTR-ENV-VALUE": Vendor(V_POD_TYPES, "validate ^[a-zA-Z0-9 _./:-]{1,512}$"),
    "CTR-IMAGE": Vendor(V_POD_TYPES, "validate ^[a-zA-Z0-9:_/.-]{0,288}$ (may be empty)",
                        constraints=(Pattern("^[a-zA-Z0-9:_/.-]{0,288}$"),),
                        valid=(("an empty image", ""),)),
    "CTR-IMAGE-REGISTRY": Vendor(V_POD_TYPES, "never checked", constraints=()),
    "CTR-IMAGE-PULL-POLICY": Vendor(V_POD_TYPES, "omitempty,oneof=IfNotPresent Always",
                                    constraints=_omitempty("", OneOf(("IfNotPresent", "Always")))),
    "CTR-NAME": Vendor(V_POD_TYPES, "validate ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9]){0,1}$"),
    "CTR-TERMINATION-MESSAGE-PATH": Vendor(V_POD_TYPES, "omitempty,eq=/dev/termination-log",
                                           constraints=_omitempty("", OneOf(("/dev/termination-log",)))),
    "CTR-TERMINATION-MESSAGE-POLICY": Vendor(V_POD_TYPES, "omitempty,eq=File",
                                             constraints=_omitempty("", OneOf(("File",)))),
    "PROBE": Vendor(V_POD_TYPES, "omitempty"),
    "PROBE-EXEC": Vendor(V_POD_TYPES, "omitempty"),
    "PROBE-EXEC-COMMAND": Vendor(V_POD_TYPES, "max=1,dive,max=1024,excludes=.. and validate ^/[a-z0-9A-Z_./-]+$",
                                 constraints=(Count(0, 1), Each("string", PATH_CLAUSES, null_is_zero=True))),
    "PROBE-FAILURE-THRESHOLD": Vendor(V_POD_TYPES, "omitempty,eq=3", constraints=_omitempty(0, OneOf((3,)))),
    "PROBE-HTTPGET": Vendor(V_POD_TYPES, "omitempty"),
    "PROBE-HTTPGET-HOST": Vendor(V_PROBE_CHECKER, "binding max=64; checkHttpProbePara: net.ParseIP when not empty",
                                 constraints=(MaxLength(64), *_omitempty("", Pattern(formats.IP_ADDRESS,
                                                                                     formats.IP_ADDRESS_MEANING)))),
    "PROBE-HTTPGET-PATH": Vendor(V_PROBE_CHECKER, "checkHttpProbePara: an empty path skips the probe's checks; "
                                                  "else checker.IsPathValid"),
    "PROBE-HTTPGET-PORT": Vendor(V_PROBE_CHECKER, "checkHttpProbePara: IntVal in [1,65535]"),
    "PROBE-HTTPGET-SCHEME": Vendor(V_POD_TYPES, "omitempty,oneof=HTTP HTTPS",
                                   constraints=_omitempty("", OneOf(("HTTP", "HTTPS")))),
    "PROBE-INITIAL-DELAY": Vendor(V_POD_TYPES, "omitempty,min=1,max=3600",
                                  constraints=_omitempty(0, IntRange(1, 3600))),
    "PROBE-PERIOD": Vendor(V_POD_TYPES, "omitempty,min=1,max=3600", constraints=_omitempty(0, IntRange(1, 3600))),
    "PROBE-SUCCESS-THRESHOLD": Vendor(V_POD_TYPES, "omitempty,eq=1", constraints=_omitempty(0, OneOf((1,)))),
    "PROBE-TIMEOUT": Vendor(V_POD_TYPES, "omitempty,min=1,max=3600", constraints=_omitempty(0, IntRange(1, 3600))),
    "PORT-LIST": Vendor(V_POD_TYPES, "max=16,dive"),
    "PORT-CONTAINER-PORT": Vendor(V_POD_TYPES, "min=1,max=65535"),
    "PORT-HOST-PORT": Vendor(V_POD_TYPES, "min=1024,max=65535"),
    "PORT-PROTOCOL": Vendor(V_POD_TYPES, "oneof=TCP UDP"),
    "PORT-HOST-IP": Vendor(V_IP_CHECKER, "binding ipv4; Ipv4Checker: no broadcast, multicast, link-local or "
                                         "all-zeros address (then the node must own it: --vendor-config nodeIPs)",
                           constraints=(Pattern(formats.IPV4, formats.IPV4_MEANING),
                                        NotIn(("0.0.0.0", "255.255.255.255"), "all 0s or all 255s"),
                                        NotPattern(r"^2(2[4-9]|3[0-9])\.", "a multicast address"),
                                        NotPattern(r"^169\.254\.", "a link-local address")),
                           valid=(("the highest unicast address below multicast", "223.255.255.254"),),
                           invalid=(("a multicast address", "224.0.0.1"), ("a link-local address", "169.254.1.1"))),
    "RES": Vendor(V_POD_TYPES, "resourceRequirements"),
    "RES-LIMITS": Vendor(V_POD_TYPES, "min=0,max=3,dive,keys,oneof=cpu memory huawei.com/Ascend310",
                         constraints=(KeysIn(VENDOR_RESOURCE_NAMES), Each("quantity", of_map=True)),
                         valid=(("every resource name the vendor accepts",
                                 {"cpu": "1", "memory": "512Mi", "huawei.com/Ascend310": "1"}),),
                         invalid=(("npu, which the vendor does not accept", {"cpu": "1", "npu": "1"}),)),
    "RES-REQUESTS": Vendor(V_POD_TYPES, "min=0,max=3,dive,keys,oneof=cpu memory huawei.com/Ascend310",
                           constraints=(KeysIn(VENDOR_RESOURCE_NAMES), Each("quantity", of_map=True)),
                           valid=(("every resource name the vendor accepts",
                                   {"cpu": "0.25", "memory": "512Mi", "huawei.com/Ascend310": "1"}),),
                           invalid=(("npu, which the vendor does not accept",
                                     {"cpu": "0.25", "memory": "512Mi", "npu": "1"}),)),
    "SEC": Vendor(V_POD_TYPES, "omitempty"),
    "SEC-CAPABILITIES": Vendor(V_POD_TYPES, "omitempty"),
    "SEC-CAPABILITIES-ADD": Vendor(V_POD_TYPES, "max=5,dive,max=32 (any name; the Capability switch is a setting)",
                                   constraints=(Count(0, 5), Each("string", (MaxLength(32),), null_is_zero=True)),
                                   valid=(("a lower-case name, which the vendor accepts", ["mknod"]),),
                                   invalid=(("a name of 33 characters", ["C" * 33]),)),
    "SEC-PRIVILEGED": Vendor(V_CONTAINER_CHECKER, "checkContainerPrivileged: the Privileged switch (a setting)",
                             constraints=()),
    "SEC-RUN-AS-GROUP": Vendor(V_POD_TYPES, "omitempty,min=0,max=65535 (0 only under the RunAsRoot switch)",
                               constraints=(IntRange(0, 65535),)),
    "SEC-RUN-AS-USER": Vendor(V_POD_TYPES, "omitempty,min=0,max=65535 (0 only under the RunAsRoot switch)",
                              constraints=(IntRange(0, 65535),)),
    "MOUNT-LIST": Vendor(V_POD_TYPES, "max=256,dive"),
    "MOUNT-PATH": Vendor(V_POD_TYPES, "min=2,max=1024,excludes=.. and validate ^/[a-z0-9A-Z_./-]+$"),
    "MOUNT-NAME": Vendor(V_POD_TYPES, "validate ^[a-zA-Z0-9-]{1,63}$"),
    "MOUNT-READ-ONLY": Vendor(V_POD_TYPES, "eq=true"),
    "MOUNT-NAMES-VOLUME": Vendor(V_CONTAINER_CHECKER, "never checked", constraints=()),
    "SPEC-DNS-POLICY": Vendor(V_POD_TYPES, "omitempty,eq=ClusterFirst",
                              constraints=_omitempty("", OneOf(("ClusterFirst",)))),
    "SPEC-HOST-NETWORK": Vendor(V_POD_CHECKER, "checkHostNetwork: the UseHostNetwork switch (a setting)"),
    "SPEC-IMAGE-PULL-SECRETS": Vendor(V_POD_TYPES, "omitempty,len=1,dive: omitempty skips only a nil slice, "
                                                   "so [] fails len=1", constraints=(Count(1, 1),),
                                      invalid=(("two secrets", [{"name": "image-pull-secret"},
                                                                {"name": "fusion-director-docker-registry-secret"}]),)),
    "SPEC-IMAGE-PULL-SECRET-NAME": Vendor(V_POD_TYPES, "omitempty,oneof=fusion-director-docker-registry-secret "
                                                       "image-pull-secret",
                                          constraints=_omitempty("", OneOf(("image-pull-secret",
                                                                            "fusion-director-docker-registry-secret")))),
    "SPEC-RESTART-POLICY": Vendor(V_POD_TYPES, "omitempty,oneof=Always OnFailure Never",
                                  constraints=_omitempty("", OneOf(("Always", "OnFailure", "Never")))),
    "SPEC-SCHEDULER-NAME": Vendor(V_POD_TYPES, "omitempty,eq=default-scheduler",
                                  constraints=_omitempty("", OneOf(("default-scheduler",)))),
    "SPEC-SECURITY-CONTEXT": Vendor(V_POD_TYPES, "podSecurityContext: every field isdefault"),
    "SPEC-SERVICE-ACCOUNT": Vendor(V_POD_TYPES, "omitempty,eq=default",
                                   constraints=_omitempty("", OneOf(("default",)))),
    "SPEC-SERVICE-ACCOUNT-NAME": Vendor(V_POD_TYPES, "omitempty,eq=default",
                                        constraints=_omitempty("", OneOf(("default",)))),
    "SPEC-TERMINATION-GRACE-PERIOD": Vendor(V_POD_TYPES, "*int64 omitempty,eq=30 (omitempty on a pointer: presence)"),
    "TOL-LIST": Vendor(V_POD_TYPES, "omitempty,max=16,dive"),
    "TOL-EFFECT": Vendor(V_POD_TYPES, "oneof=NoSchedule PreferNoSchedule NoExecute"),
    "TOL-KEY": Vendor(V_POD_TYPES, "startswith=node.kubernetes.io,max=128"),
    "TOL-OPERATOR": Vendor(V_POD_TYPES, "oneof=Exists Equal"),
}


def _request_check(resource: str) -> CrossCheck:
    """``isResourceRequestsGreatThanLimits`` for ``resource`` ("npu": every huawei.com/Ascend* request)."""

    def check(seen: Seen) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for path, container in seen[CTR]:
            if not isinstance(container, dict):
                continue
            resources = get_ci(container, "resources", {})
            requests = get_ci(resources, "requests", {}) if isinstance(resources, dict) else {}
            limits = get_ci(resources, "limits", {}) if isinstance(resources, dict) else {}
            requests = requests if isinstance(requests, dict) else {}
            limits = limits if isinstance(limits, dict) else {}
            if resource == "npu":
                names = [n for n in requests if compile_go(VENDOR_NPU_NAME).search(n)]
            else:
                names = [resource]
                if resource not in requests:
                    out.append((f"{path}.resources.requests", f"has no {resource} request (the vendor's edge "
                                                              f"needs one on every update)"))
                    continue
            for name in names:
                where = f"{path}.resources.requests.{name}" if "/" not in name else f"{path}.resources.requests"
                request = quantity_value(requests[name])
                if request is None:
                    continue  # not a quantity: RES-REQUESTS says so
                if request < 0:
                    out.append((where, f"{name} request {short(requests[name])} is negative"))
                    continue
                minimum = VENDOR_MIN_REQUEST.get(name)
                if minimum is not None and minimum[1] is not None and request < minimum[1]:
                    out.append((where, f"{name} request {short(requests[name])} is below the vendor's minimum "
                                       f"{minimum[0]}"))
                    continue
                limit = quantity_value(limits[name]) if name in limits else None
                if limit is not None and request > limit:
                    out.append((where, f"{name} request {short(requests[name])} is above its limit "
                                       f"{short(limits[name])}"))
        return out

    return check


def _host_ports_unique(seen: Seen) -> list[tuple[str, str]]:
    """``checkPodPorts``: no two ports of the pod (any container) share a protocol and host port."""
    out: list[tuple[str, str]] = []
    used: set[tuple[Any, Any]] = set()
    for path, port in seen[PORT]:
        if not isinstance(port, dict):
            continue
        key = (get_ci(port, "protocol", ""), get_ci(port, "hostPort", 0))
        if isinstance(key[0], str) and isinstance(key[1], int) and key in used:
            out.append((f"{path}.hostPort", f"{key[0]} host port {key[1]} is used by an earlier port of the pod"))
        used.add(key)
    return out


_RESOURCES_SPEC = "The value of ResourceName can be npu, cpu, memory, or huawei.com/Ascend310 (nothing more)."
_UNIQUE_SPEC = "Kubernetes, to which the document defers, requires {what} to be unique; the document is silent."
_VENDOR_ONLY: list[Rule] = [
    Rule("VENDOR-READ-LIMIT", ("",), _t("struct"), group="envelope", source="vendor",
         spec="(The document sets no size limit.)", constraints=(EncodedSize(VENDOR_READ_LIMIT),),
         vendor=Vendor(V_PROXY, "readMsg: io.LimitReader(1 MiB); the cut frame is no JSON and is dropped"),
         note="Measured as compact UTF-8 JSON: a sender that pads its JSON with spaces reaches the cut sooner."),
    Rule("VENDOR-VOL-NAME-UNIQUE", (f"{SPEC}.Volumes",), _t("[]Volume"), group="volumes", source="vendor",
         spec=_UNIQUE_SPEC.format(what="volume names"), constraints=(Unique("name"),),
         valid=(("two volumes whose names differ only in case",
                 [{"emptyDir": {"medium": ""}, "name": "vol"}, {"emptyDir": {"medium": ""}, "name": "VOL"}]),),
         vendor=Vendor(V_POD_CHECKER, "checkPodVolumeNameDuplicate")),
    Rule("VENDOR-CTR-NAME-UNIQUE", (f"{SPEC}.containers",), _t("[]Container"), group="containers", source="vendor",
         spec=_UNIQUE_SPEC.format(what="container names"), constraints=(Unique("name"),),
         valid=(("two containers whose names differ in one character",
                 [{"name": f"c-{i}", "image": "registry.example.com/library/app:1",
                   "resources": {"requests": {"cpu": "0.25", "memory": "512Mi"}}} for i in (1, 2)]),),
         vendor=Vendor(V_FD_CONTAINER_CHECKER, "check: container name is not unique")),
    Rule("VENDOR-ENV-NAME-UNIQUE", (f"{CTR}.env",), _t("[]EnvVar"), group="containers", source="vendor",
         spec=_UNIQUE_SPEC.format(what="env names"), constraints=(Unique("name"),),
         valid=(("two env names that differ only in case",
                 [{"name": "ABCD", "value": "1"}, {"name": "abcd", "value": "2"}]),),
         vendor=Vendor(V_CONTAINER_CHECKER, "checkContainerEnv")),
    Rule("VENDOR-MOUNT-PATH-UNIQUE", (f"{CTR}.volumeMounts",), _t("[]VolumeMount"), group="mounts", source="vendor",
         spec=_UNIQUE_SPEC.format(what="mount paths"), constraints=(Unique("mountPath"),),
         valid=(("two mount paths that differ by a trailing '/'",
                 [{"mountPath": "/tmp1", "name": "22", "readOnly": True},
                  {"mountPath": "/tmp1/", "name": "44", "readOnly": True}]),),
         vendor=Vendor(V_CONTAINER_CHECKER, "checkContainerVolumeMount: mount path is not unique")),
    Rule("VENDOR-MOUNT-NAME-UNIQUE", (f"{CTR}.volumeMounts",), _t("[]VolumeMount"), group="mounts", source="vendor",
         spec=_UNIQUE_SPEC.format(what="a container's mounts to name distinct volumes"),
         constraints=(Unique("name"),),
         valid=(("two mounts whose names differ only in case",
                 [{"mountPath": "/a1", "name": "vol", "readOnly": True},
                  {"mountPath": "/a2", "name": "VOL", "readOnly": True}]),),
         vendor=Vendor(V_CONTAINER_CHECKER, "checkContainerVolumeMount: mount name is not unique")),
    Rule("VENDOR-CONTAINER-PORT-UNIQUE", (f"{CTR}.ports",), _t("[]ContainerPort"), group="ports", source="vendor",
         spec=_UNIQUE_SPEC.format(what="a container's ports"), constraints=(Unique("containerPort"),),
         valid=(("two adjacent container ports",
                 [{"containerPort": 33, "hostPort": 3000, "protocol": "TCP", "hostIP": "127.0.0.1"},
                  {"containerPort": 34, "hostPort": 3001, "protocol": "TCP", "hostIP": "127.0.0.1"}]),),
         vendor=Vendor(V_POD_CHECKER, "checkPodPorts: duplicated port of container")),
    Rule("VENDOR-HOST-PORT-UNIQUE", (f"{PORT}.hostPort",), _t("int32"), group="ports", source="cross-field",
         spec=_UNIQUE_SPEC.format(what="host ports (per protocol)"), cross=_host_ports_unique, reads=(PORT,),
         vendor=Vendor(V_POD_CHECKER, "checkPodPorts: duplicated host port (per protocol, across containers)"),
         valid=(("a host port no other port uses", 3001),),
         invalid=(("the host port of the container's second port", 4000),)),
    Rule("VENDOR-RES-CPU-REQUEST", (f"{CTR}.resources.requests",), _t("map[ResourceName]resource.Quantity"),
         group="resources", source="cross-field", spec=_RESOURCES_SPEC, cross=_request_check("cpu"), reads=(CTR,),
         vendor=Vendor(V_CONTAINER_CHECKER, "checkContainerCpuResource: present, >= 0.01, <= the limit"),
         valid=(("the minimum cpu request 0.01", {"cpu": "0.01", "memory": "512Mi"}),
                ("a cpu request equal to its limit", {"cpu": "1", "memory": "512Mi"})),
         invalid=(("no cpu request", {"memory": "512Mi"}),
                  ("a cpu request below 0.01", {"cpu": "9m", "memory": "512Mi"}),
                  ("a cpu request above its limit", {"cpu": "1001m", "memory": "512Mi"}),
                  ("a negative cpu request", {"cpu": "-1", "memory": "512Mi"}))),
    Rule("VENDOR-RES-MEMORY-REQUEST", (f"{CTR}.resources.requests",), _t("map[ResourceName]resource.Quantity"),
         group="resources", source="cross-field", spec=_RESOURCES_SPEC, cross=_request_check("memory"), reads=(CTR,),
         vendor=Vendor(V_CONTAINER_CHECKER, "checkContainerMemoryResource: present, >= 4Mi, <= the limit"),
         valid=(("the minimum memory request 4Mi", {"cpu": "0.25", "memory": "4Mi"}),),
         invalid=(("no memory request", {"cpu": "0.25"}),
                  ("a memory request below 4Mi", {"cpu": "0.25", "memory": "4194303"}),
                  ("a memory request above its limit", {"cpu": "0.25", "memory": "513Mi"}))),
    Rule("VENDOR-RES-NPU-REQUEST", (f"{CTR}.resources.requests",), _t("map[ResourceName]resource.Quantity"),
         group="resources", source="cross-field", spec=_RESOURCES_SPEC, cross=_request_check("npu"), reads=(CTR,),
         vendor=Vendor(V_CONTAINER_CHECKER, "checkContainerNpuResources: huawei.com/Ascend* request <= its limit"),
         valid=(("an NPU request without a limit", {"cpu": "0.25", "memory": "512Mi", "huawei.com/Ascend310": "1"}),),
         invalid=(("a negative NPU request", {"cpu": "0.25", "memory": "512Mi", "huawei.com/Ascend310": "-1"}),)),
]
_VENDOR_ONLY = [dataclasses.replace(r, profiles=("vendor",)) for r in _VENDOR_ONLY]


def _with_vendor(rules: list[Rule]) -> list[Rule]:
    """Attach each rule's :class:`Vendor` entry (every rule must have one)."""
    missing = [r.id for r in rules if r.vendor is None and r.id not in _VENDOR]
    if missing:
        raise ValueError(f"rules without a vendor entry: {', '.join(missing)}")
    return [r if r.vendor is not None else dataclasses.replace(r, vendor=_VENDOR[r.id]) for r in rules]


def _with_presence(rules: list[Rule]) -> tuple[Rule, ...]:
    """Set ``required_in`` (and default ``optional``) from the table's words and Go's zero values."""
    by_path: dict[str, Rule] = {}
    for rule in rules:
        for path in rule.paths:
            if rule.source != "cross-field" and rule.profiles is None:
                by_path.setdefault(path, rule)

    def required(rule: Rule, path: str, profile: Profile) -> bool:
        if profile == "vendor" and rule.vendor is not None and rule.vendor.present is not None:
            return rule.vendor.present
        if rule.optional or rule.go_type.pointer:
            return False
        if rule.go_type.base == "struct":
            prefix = path + "."
            return any(required(child, p, profile) for p, child in by_path.items()
                       if p.startswith(prefix) and "." not in p[len(prefix):].replace("[]", ""))
        return rule.zero_value_breaks(profile)

    out: list[Rule] = []
    for rule in rules:
        required_in = tuple(p for p in PROFILES if rule.source != "cross-field" and rule.applies_in(p)
                            and required(rule, rule.paths[0], p))
        optional = rule.optional if rule.optional is not None else not required_in
        out.append(dataclasses.replace(rule, required_in=required_in, optional=optional))
    return tuple(out)


RULES: tuple[Rule, ...] = _with_presence(_with_vendor(
    [*_ENVELOPE, *_METADATA, *_VOLUMES, *_CONTAINERS, *_PROBES, *_PORTS, *_RESOURCES, *_SECURITY, *_MOUNTS, *_POD,
     *_VENDOR_ONLY]
))
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
CONTENT_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r.group != "envelope")
ENVELOPE_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r.group == "envelope")


def rules_for(profile: Profile) -> tuple[Rule, ...]:
    """The Pod Update rules that apply under ``profile``."""
    return tuple(r for r in RULES if r.applies_in(profile))
