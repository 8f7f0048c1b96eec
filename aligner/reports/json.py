"""JSON for machines: multilingual text kept as is (``ensure_ascii=False``)."""

from __future__ import annotations

import json
from typing import Any


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
