"""The share link's payload: what the audit's "Copy share link" puts after #answers=.

The JSON {"ladder": id, "answers": {...}} as UTF-8, in base64url without padding (RFC 4648
section 5), so a link survives e-mail and chat. encodeShare/decodeShare in
generator/scoring/clientfiles.mjs are the browser's twins; tests/vectors/share_link.json
holds both to the same payloads. The JSON is read by the strict reader a client's file is
(answers.parse_json). `score` and `report` take a link where an answers file goes (read_link).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Mapping

from generator.errors import UserError
from generator.inputs.answers import parse_json
from generator.scoring.scoring import ANSWERS_FORMAT

MARK = "#answers="
MAX_PAYLOAD = 100_000  # the audit ignores a longer fragment (audit.js MAX_FRAGMENT)
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]*")


def _ints(value: object) -> object:
    """2.0 as 2, as JavaScript writes it: the same answers give the same link on both sides."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ints(v) for v in value]
    return value


def encode(doc: Mapping[str, object]) -> str:
    text = json.dumps(_ints(doc), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode(payload: str) -> object:
    """The document a payload carries; ValueError for anything not base64url UTF-8 JSON (a
    key given twice, 1e999 and the like included, as in a file)."""
    if not _PAYLOAD.fullmatch(payload) or len(payload) % 4 == 1:
        raise ValueError("not base64url")
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except binascii.Error as exc:
        raise ValueError(str(exc)) from None
    return parse_json(data)  # BadJson is a ValueError


def is_link(given: str) -> bool:
    """A share link (or its fragment, "#answers=…" or "answers=…") given where a file name
    goes; a file of that name, if there is one, is the file."""
    return (MARK in given or given.startswith(MARK[1:])) and not os.path.lexists(given)


def read_link(given: str) -> dict[str, object]:
    """The answers document a share link carries, as an answers file would give it; one clear
    UserError when the link is damaged (cut short, retyped, or not a share link)."""
    payload = given.split(MARK, 1)[1] if MARK in given else given[len(MARK) - 1 :]
    payload = payload.strip()
    if not payload:
        raise UserError(f"share link: nothing follows {MARK}; copy the whole link again")
    if len(payload) > MAX_PAYLOAD:
        raise UserError(f"share link: {len(payload)} characters is too long to be a real set of answers")
    try:
        doc = decode(payload)
    except ValueError as exc:
        why = getattr(exc, "short", None) or "not base64url text"
        raise UserError(
            f"share link: the link is damaged and could not be read ({why}); copy the whole link again, "
            f"or ask for the exported answers file"
        ) from None
    if not isinstance(doc, dict):
        raise UserError("share link: the link does not carry answers (a ladder and its answers)")
    # The link carries only the ladder and the answers; the format is implied.
    return {"format": ANSWERS_FORMAT, **doc}
