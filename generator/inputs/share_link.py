"""The share link's payload: what the audit's "Copy share link" puts after #answers=.

The JSON {"ladder": id, "answers": {...}} as UTF-8, in base64url without padding (RFC 4648
section 5), so a link survives e-mail and chat. encodeShare/decodeShare in
generator/site/assets/rules.js are the browser's twins; tests/vectors/share_link.json
holds both to the same payloads.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

MARK = "#answers="
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]*")


def _ints(value):
    """2.0 as 2, as JavaScript writes it: the same answers give the same link on both sides."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ints(v) for v in value]
    return value


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def encode(doc: dict) -> str:
    text = json.dumps(_ints(doc), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode(payload: str):
    """The document a payload carries; ValueError for anything not base64url UTF-8 JSON."""
    if not _PAYLOAD.fullmatch(payload) or len(payload) % 4 == 1:
        raise ValueError("not base64url")
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        return json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except (binascii.Error, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(str(exc)) from None
