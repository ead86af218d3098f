"""The generated Gherkin feature files of the edge suite (derived from each message spec's rule table).

One Scenario Outline per kind of expectation, one Examples block per rule (tagged
``@rule.<ID>`` so ``-m rule.<ID>`` selects it), one row per derived case naming its
case id and rule id (so ``-k <case id>`` selects it). Written by ``edgeconform
generate`` into ``features/edge/``; ``generate --check`` keeps them current. A case
goes where its own data sends it: boundaries (accept), content rules (reject), envelope
(reject, the message as sent breaks the envelope: silence is enough), informational
(the document's words do not decide it: recorded, INFORMATIONAL). Pod Update has one file per
kind (and per profile); every other registered message type one file of its own
(:func:`message_feature`), named after its key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from harness.messages import specs
from harness.messages.pod_update import POD_UPDATE
from harness.rules.cases import FRAME_CASES, Case
from harness.rules.spec import MessageSpec

HEADER = "# Generated from the rule table by `edgeconform generate`; do not edit by hand.\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _examples(cases: Iterable[Case], spec: MessageSpec = POD_UPDATE, tag: str = "") -> list[str]:
    lines: list[str] = []
    by_rule: dict[str, list[Case]] = {}
    for case in cases:
        by_rule.setdefault(case.rule, []).append(case)
    for rule in spec.rules:
        rows = by_rule.get(rule.id)
        if not rows:
            continue
        where = ", ".join(p or "$" for p in rule.paths)
        tags = f"@rule.{rule.id}" + (f" @{tag}" if tag else "")
        lines += ["", f"    {tags}", f"    Examples: {rule.id} ({where})",
                  "      | case | rule | change |"]
        lines += [f"      | {c.id} | {c.rule} | {_cell(c.label)} |" for c in rows]
    return lines


def _is_envelope(case: Case) -> bool:
    """The message as sent breaks an envelope rule: silence is as good as a failure answer."""
    return case.breaks_envelope


def _judged(expect: str, spec: MessageSpec = POD_UPDATE) -> list[Case]:
    """The strict cases of one expectation that the document's words decide."""
    return [c for c in spec.cases("strict") if c.expect == expect and not c.undecided]


def _feature(tag: str, title: str, about: str, outline: str, steps: tuple[str, ...], cases: list[Case],
             extra: tuple[str, ...] = ()) -> str:
    """One generated feature: its description, one Scenario Outline over ``cases``, then ``extra`` lines."""
    lines = [HEADER.rstrip("\n"), f"@edge @{tag}", f"Feature: {title}",
             *(f"  {line}" for line in about.strip().splitlines()), "",
             f"  Scenario Outline: {outline}",
             '    Given the conformant pod update changed by case "<case>"', *(f"    {s}" for s in steps),
             *_examples(cases), *extra]
    return "\n".join(lines) + "\n"


def content_rules_feature() -> str:
    return _feature(
        "content-rules", "Every content rule of the table is enforced by the edge", """
Each example changes an otherwise conformant pod update so that it breaks the rule its
row names. A conformant edge answers with a failure: content starting with "FAILED",
operation "response" or "error", parent_msg_id the request's msg_id, a fresh msg_id, a
millisecond timestamp inside the exchange window, group and resource copied. Never "OK".""",
        "A pod that breaks a content rule is rejected",
        ("When the controller sends it", "Then the edge answers with a failure"),
        [c for c in _judged("reject") if not _is_envelope(c)])


def boundaries_feature() -> str:
    return _feature(
        "boundaries", "Values at every documented boundary, optional fields left out, are accepted", """
Each example changes the conformant pod update to a value the table allows at its edge:
the lowest and highest integers, the longest strings, lists at their maximum, optional
fields absent, the deletion fields present, a spec-maximal pod. The edge answers "OK",
exactly as the golden answer shows.""",
        "A pod at a documented boundary is answered OK",
        ("When the controller sends it", 'Then the answer matches the golden answer "answer-ok.json"'),
        _judged("accept"))


GARBAGE_STEPS = ("When the controller sends it, followed by a conformant pod update",
                 "Then the edge does not answer it OK",
                 "And the edge answers the conformant pod update behind it OK")


def envelope_feature() -> str:
    frames = ("", "  Scenario Outline: A frame that is not a pod update gets no OK",
              '    Given the frame of case "<case>"', *(f"    {s}" for s in GARBAGE_STEPS), "",
              "    @rule.MESSAGE", "    Examples: frames", "      | case | rule | change |",
              *(f"      | {f.id} | MESSAGE | {_cell(f.label)} |" for f in FRAME_CASES))
    return _feature(
        "envelope", "Envelope garbage is never answered OK, and the connection survives it", """
The vendor's edge drops these messages unanswered (vendor-notes: Answers); a FAILED
answer is acceptable too. A pod whose name breaks its rule belongs here: route.resource
carries the name, so the envelope breaks with it. A conformant pod update sent right
behind each one must be answered OK on the same connection: it shows the connection
survived, and, since an edge answers a connection's messages in order, that no answer to
the garbage is coming.""",
        "A message whose envelope breaks a rule gets no OK", GARBAGE_STEPS,
        [c for c in _judged("reject") if _is_envelope(c)], frames)


SIZE_SCENARIOS = """
  @case.EDGE-INFO-ABOVE-256-KIB @informational
  Scenario: A conformant pod update above the vendor's 256 KiB limit
    Given a conformant pod update of more than 260 KiB
    When the controller sends it
    Then what the edge does is recorded

  @case.EDGE-INFO-ABOVE-1-MIB @informational
  Scenario: A conformant pod update above 1 MiB
    Given a conformant pod update of more than 1100 KiB
    When the controller sends it
    Then what the edge does is recorded"""


def informational_feature() -> str:
    """The cases the document's words do not decide: sizes, and derived cases with an ``undecided`` reason."""
    title = "Feature: Where the document is silent, what the edge does is recorded"
    lines = [HEADER.rstrip("\n"), "@edge @limits", title,
             *(f"  {line}" for line in """
The document sets no size limit on a pod update; the vendor's edge drops messages of
256 KiB or more and reads at most 1 MiB (vendor-notes: Limits). Nor does it give the
request's timestamp a range, or say whether a msg_id may be in upper case. These cases
never fail: their grade is INFORMATIONAL and the summary records what the edge did.
""".strip().splitlines()), SIZE_SCENARIOS, "",
             "  @informational",
             "  Scenario Outline: A case the document's words do not decide: what the edge does is recorded",
             '    Given the conformant pod update changed by case "<case>"',
             "    When the controller sends it, followed by a conformant pod update",
             "    Then what the edge does is recorded",
             *_examples(c for c in POD_UPDATE.cases("strict") if c.undecided)]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- the vendor profile

#: Feature tags of the strict/lenient files whose derived rows a vendor run leaves out, and of the
#: vendor files a strict or lenient run leaves out (features/edge/conftest.py).
DOCUMENT_CASE_TAGS = ("boundaries", "content-rules", "envelope")
VENDOR_TAGS = ("vendor-boundaries", "vendor-content-rules", "vendor-envelope")
#: Scenarios of pod_update.feature a vendor run replaces with its own (the 129-character name breaks
#: the vendor's envelope, so the vendor's edge drops that pod rather than answer FAILED).
VENDOR_REPLACES = ("EDGE-UPDATE-AFTER-REJECT",)


def _vendor_drops(case: Case) -> bool:
    """Whether the vendor's edge drops the case's message unanswered (it breaks its envelope allow-list)."""
    spec = case.message_spec
    message = case.build(msg_id="00000000-0000-4000-8000-000000000000", timestamp=1652168697)
    return any(v.rule in spec.envelope_rule_ids for v in spec.validate(message, "vendor"))


def vendor_boundaries_feature() -> str:
    return _feature(
        "vendor-boundaries", "Under the vendor profile, what the vendor's own edge accepts is answered OK", """
The vendor profile's boundaries (docs/vendor-profile.md): values at the edges of the vendor's own
checks, fields it lets be absent, names that differ only in case. Run with --profile vendor only.""",
        "A pod the vendor's edge accepts is answered OK",
        ("When the controller sends it", 'Then the answer matches the golden answer "answer-ok.json"'),
        [c for c in POD_UPDATE.cases("vendor") if c.expect == "accept"])


def vendor_content_rules_feature() -> str:
    after_reject = ("", "  @case.EDGE-VENDOR-UPDATE-AFTER-REJECT @rule.VENDOR-RES-CPU-REQUEST",
                    "  Scenario: After a pod the vendor's edge rejects, the same connection answers the next update",
                    '    Given the conformant pod update changed by case "VENDOR-RES-CPU-REQUEST.no-cpu-request"',
                    "    When the controller sends it", "    Then the edge answers with a failure",
                    "    Given the conformant pod update", "    When the controller sends it",
                    '    Then the answer matches the golden answer "answer-ok.json"')
    return _feature(
        "vendor-content-rules", "Under the vendor profile, a pod the vendor's edge refuses is answered FAILED", """
Each example breaks one check of the vendor's own edge with an envelope it accepts; the vendor
answers FAILED (operation "error", source "metaManager"). Run with --profile vendor only.""",
        "A pod the vendor's edge refuses is rejected",
        ("When the controller sends it", "Then the edge answers with a failure"),
        [c for c in POD_UPDATE.cases("vendor") if c.expect == "reject" and not _vendor_drops(c)], after_reject)


def vendor_envelope_feature() -> str:
    return _feature(
        "vendor-envelope", "Under the vendor profile, a message the vendor's edge drops is never answered OK", """
Each example breaks the vendor's envelope allow-list or its 1 MiB read cut (a pod name that is
not `<name>-<uuid>` breaks route.resource too): the vendor's edge drops it unanswered. No OK,
and a conformant update right behind it is still answered. Run with --profile vendor only.""",
        "A message the vendor's edge drops gets no OK", GARBAGE_STEPS,
        [c for c in POD_UPDATE.cases("vendor") if c.expect == "reject" and _vendor_drops(c)])


# ----------------------------------------------------------------------------- every other message type


def message_feature(spec: MessageSpec) -> str:
    """The one generated feature file of a message type other than Pod Update: its accepted
    boundaries (answered as the golden answer shows), its rejected contents (answered with a
    failure), its broken envelopes (never answered OK, a conformant pod update behind each one
    still answered) and the cases the document does not decide (recorded)."""
    name = spec.name.lower()
    where = "" if spec.documented else (
        f"\n\nThe document (pod-update.txt) does not describe {name}: every rule rests on the vendor's own\n"
        "edge (each rule names the source), so under strict and lenient a case that fails is NON-STRICT, never FAIL.")
    lines = [HEADER.rstrip("\n"), f"@edge @message.{spec.key}",
             f"Feature: {spec.name}: route {spec.operation} {spec.resource_prefix}…, judged by its rule table",
             *(f"  {line}".rstrip() for line in f"""
Each example changes the conformant {name} request as its row says. Rules and cases come from
harness/messages/ ({spec.key}).{where}""".strip().splitlines())]
    strict = [c for c in spec.cases("strict") if not c.undecided]
    vendor = [c for c in spec.cases("vendor") if not c.undecided]
    strict_ids, vendor_ids = {c.id for c in strict}, {c.id for c in vendor}
    outlines: tuple[tuple[str, tuple[str, ...], Callable[[Case], bool], tuple[str, str]], ...] = (
        ("A request at a boundary is answered OK",
         ("When the controller sends it", 'Then the answer matches the golden answer "answer-ok.json"'),
         lambda c: c.expect == "accept", ("boundaries", "vendor-boundaries")),
        ("A request that breaks a content rule is rejected",
         ("When the controller sends it", "Then the edge answers with a failure"),
         lambda c: c.expect == "reject" and not c.breaks_envelope, ("content-rules", "vendor-content-rules")),
        ("A request whose envelope breaks a rule gets no OK", GARBAGE_STEPS,
         lambda c: c.expect == "reject" and c.breaks_envelope, ("envelope", "vendor-envelope")),
    )
    for title, steps, kind, (document_tag, vendor_tag) in outlines:
        # Rows of every profile untagged; a profile's own rows tagged as Pod Update's files are (conftest.py).
        both = [c for c in strict if kind(c) and c.id in vendor_ids]
        only_strict = [c for c in strict if kind(c) and c.id not in vendor_ids]
        only_vendor = [c for c in vendor if kind(c) and c.id not in strict_ids]
        if not (both or only_strict or only_vendor):
            continue
        lines += ["", f"  Scenario Outline: {title}", f'    Given the conformant {name} changed by case "<case>"',
                  *(f"    {s}" for s in steps), *_examples(both, spec), *_examples(only_strict, spec, document_tag),
                  *_examples(only_vendor, spec, vendor_tag)]
    undecided = [c for c in spec.cases("strict") if c.undecided]
    if undecided:
        lines += ["", "  @informational",
                  "  Scenario Outline: A case the document's words do not decide: what the edge does is recorded",
                  f'    Given the conformant {name} changed by case "<case>"',
                  "    When the controller sends it, followed by a conformant pod update",
                  "    Then what the edge does is recorded", *_examples(undecided, spec)]
    return "\n".join(lines) + "\n"


def feature_file(spec: MessageSpec) -> str:
    """Where :func:`message_feature` writes ``spec``'s feature (``features/edge/pod_restart.feature``)."""
    return f"features/edge/{spec.key.replace('-', '_')}.feature"


def _generators() -> dict[str, Callable[[], str]]:
    out: dict[str, Callable[[], str]] = {
        "features/edge/boundaries.feature": boundaries_feature,
        "features/edge/content_rules.feature": content_rules_feature,
        "features/edge/envelope.feature": envelope_feature,
        "features/edge/informational.feature": informational_feature,
        "features/edge/vendor_boundaries.feature": vendor_boundaries_feature,
        "features/edge/vendor_content_rules.feature": vendor_content_rules_feature,
        "features/edge/vendor_envelope.feature": vendor_envelope_feature,
    }
    for spec in specs():
        if spec is not POD_UPDATE:
            out[feature_file(spec)] = lambda spec=spec: message_feature(spec)  # type: ignore[misc]
    return out


#: Every generated feature file: ``{path relative to the repository: the function writing it}``.
FEATURES: dict[str, Callable[[], str]] = _generators()
