"""kehoach.sign.api: the commands' decisions as library functions — the output's name, and every
check about the document made before the key is opened or the PIN asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.diagnostics import KehoachError
from kehoach.sign import Refused
from kehoach.sign.api import default_output, sign_file
from kehoach.sign.keys import KeySpec


@pytest.mark.parametrize(("given", "role", "expected"), [
    ("build/2024.pdf", "person", "build/2024.ky.pdf"),
    ("build/2024.ky.pdf", "body", "build/2024.ban-hanh.pdf"),
    ("build/2024.pdf", "body", "build/2024.ban-hanh.pdf"),
    ("phu-luc.pdf", "attachment", "phu-luc.ban-hanh.pdf"),
    ("2024.ban-hanh.pdf", "person", "2024.ky.pdf"),
])
def test_default_output_is_a_new_name_beside_the_input(given, role, expected):
    assert default_output(Path(given), role) == Path(expected)


def _no_pin(prompt: str) -> str:
    raise AssertionError(f"the PIN was asked ({prompt}) before the document was checked")


def test_the_document_is_checked_before_the_pin_is_asked(sign_env, tmp_path):
    key = KeySpec(p12=sign_env.pki.body.p12)
    with pytest.raises(Refused, match="chưa có số"):
        sign_file(sign_env.unnumbered, "body", key, image=sign_env.seal, pin=_no_pin)
    with pytest.raises(KehoachError, match="không có dấu vị trí"):
        sign_file(sign_env.foreign, "person", key, image=sign_env.signature, pin=_no_pin)
    with pytest.raises(KehoachError):  # the output may not be the input
        sign_file(sign_env.plan, "person", key, image=sign_env.signature, output=sign_env.plan, pin=_no_pin)
    with pytest.raises(KehoachError, match="không có hình ảnh"):
        sign_file(sign_env.foreign, "attachment", key, image=sign_env.seal, attachment_of=sign_env.plan,
                  pin=_no_pin)
    assert not list(tmp_path.iterdir())
