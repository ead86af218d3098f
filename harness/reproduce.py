"""Reproducing a case: the message of a case id, and the one-line command that replays it.

Used by the plugin (each failed case's reason ends with its reproducer) and by
``edgeconform send``. Builds text only; sends nothing.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.message import pod_update
from harness.resources import ResourceError, data_path
from harness.roles.controller import Message
from harness.rules.cases import FRAME_CASES_BY_ID, all_cases, cases_by_id
from harness.rules.model import Profile
from harness.rules.samples import conformant_pod

CONFORMANT_CASES = ("EDGE-DOCUMENT-UPDATE",)
#: The port the reproducer of a reference-edge run starts serve-edge on.
REFERENCE_PORT = 9000
#: The session-wide checks, relative to the shipped data (harness.resources).
SESSION_FEATURE = "features/edge/session.feature"



@dataclass(frozen=True)
class Unsendable:
    """Why ``send --case`` cannot build a case id (one line)."""

    reason: str


def message_of_case(case_id: str, profile: str = "strict") -> Message | Unsendable:
    """The message of ``case_id``, built as the edge suite builds it (a fresh msg_id).

    A derived case of ``profile`` (or of strict, as the suite falls back), a frame case,
    or the conformant pod update for :data:`CONFORMANT_CASES`. What the suite sends raw
    (a text, a binary frame) is returned raw.
    """
    chosen: Profile = "lenient" if profile == "lenient" else "strict"
    case = cases_by_id(chosen).get(case_id) or cases_by_id("strict").get(case_id)
    if case is not None:
        built: Message = case.build()
        return built
    frame = FRAME_CASES_BY_ID.get(case_id)
    if frame is not None:
        return frame.frame
    if case_id in CONFORMANT_CASES:
        return pod_update(conformant_pod())
    if any(c.id == case_id for c in all_cases()):
        return Unsendable(f"case {case_id} is not a case of the {chosen} profile")
    return Unsendable(f"no case {case_id!r} to send: give a derived case id (edgeconform rules --format json "
                      f"lists them), a FRAME.* id or {', '.join(CONFORMANT_CASES)}")


def sendable(case_id: str, profile: str = "strict") -> bool:
    """Whether ``send --case`` can build ``case_id``."""
    return not isinstance(message_of_case(case_id, profile), Unsendable)


def session_case_ids() -> frozenset[str]:
    """The case ids of the session-wide checks (``@case.<ID>`` tags of features/edge/session.feature)."""
    try:
        text = data_path(SESSION_FEATURE).read_text(encoding="utf-8")
    except (OSError, ResourceError):
        return frozenset()
    return frozenset(re.findall(r"@case\.(\S+)", text))


def reproducer(case_id: str, target: Mapping[str, Any], *, profile: str = "strict",
               reference_port: int = REFERENCE_PORT) -> str:
    """The one-line shell command that replays ``case_id`` against the run's ``target`` (summary.json).

    ``send --case`` for a case it can build; ``certify-edge -k CASE_ID`` against the same
    edge for a multi-message scenario; the whole ``certify-edge`` run for a session-wide
    check (it judges the traffic of every case). A reference run gets ``serve-edge``
    (with the run's defects) on 127.0.0.1:``reference_port`` in the background, ``send``
    re-dialling until it is up, then ``kill`` of the edge. '' for a target whose mode is
    not connect, listen or reference.
    """
    quoted = shlex.quote(case_id)
    profile_flag = " --profile lenient" if profile == "lenient" else ""
    mode, address = target.get("mode"), str(target.get("address", ""))
    select = "" if case_id in session_case_ids() else f" -k {quoted}"
    if mode in ("connect", "listen") and address:
        if sendable(case_id, profile):
            return f"edgeconform send --{mode} {shlex.quote(address)} --case {quoted}{profile_flag}"
        return f"edgeconform certify-edge --{mode} {shlex.quote(address)}{profile_flag}{select}"
    if mode == "reference":
        defects = "".join(f" --defect {shlex.quote(str(d))}" for d in target.get("defects", []))
        if not sendable(case_id, profile):
            return f"edgeconform certify-edge --reference --rate 0{defects}{profile_flag}{select}"
        from harness.roles.edge import DEFAULT_NODE_ID

        url = f"ws://127.0.0.1:{reference_port}/websocket/{DEFAULT_NODE_ID}/events"
        return (f"edgeconform serve-edge --listen 127.0.0.1:{reference_port}{defects}{profile_flag} >/dev/null & "
                f"edgeconform send --connect {url} --wait 10 --case {quoted}{profile_flag}; kill $!")
    return ""
