"""What the command line prints about a user's files is safe to print: one line, no escapes."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest

from patient_leaflets.cli.output import MAX_MESSAGE, one_line


@pytest.mark.parametrize("char", ["\x1b", "\r", "\x07", "\x00", "\x7f", "\x85", "\u200b", "\u202e",
                                  "\u2066", "\u2028", "\u2029", "\ufeff"])
def test_control_format_and_separator_characters_are_shown_as_escapes(char):
    shown = one_line(f"brand.toml:3: 'name' is {char}x")
    assert char not in shown
    assert f"{ord(char):02x}" in shown and shown.startswith("brand.toml:3: 'name' is \\")


def test_a_long_message_is_cut_with_its_place_kept():
    shown = one_line("leaflets/demo/intro.md:4: refused to load data:" + "A" * 30_000_000)
    assert len(shown) <= MAX_MESSAGE and shown.endswith(" ... (cut)")
    assert len(one_line("x" * MAX_MESSAGE)) == MAX_MESSAGE  # a long enough message is kept whole
    assert shown.startswith("leaflets/demo/intro.md:4: refused to load data:")


def test_plain_text_in_any_script_is_kept():
    text = "leaflets/demo/intro.md:2: «Qué es» · 什么是 · ما هو · Что это"
    assert one_line(text) == text


def test_third_party_warnings_reach_the_terminal_as_one_line_each(make_library, leaflets, monkeypatch):
    from patient_leaflets import library

    real = library.open_library

    def noisy(root):
        logging.getLogger("fontTools.ttLib").warning("bad table\nsecond line \x1b[2J")
        warnings.warn("something deprecated", DeprecationWarning, stacklevel=1)
        return real(root)

    monkeypatch.setattr(library, "open_library", noisy)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        run = leaflets("--root", make_library("minimal"), "list")
    assert run.exit_code == 0
    lines = run.stderr.splitlines()
    assert "warning: fontTools.ttLib: bad table\\x0asecond line \\x1b[2J" in lines
    assert "warning: DeprecationWarning: something deprecated" in lines
    assert all(line.startswith("warning: ") for line in lines), lines


# --- a full disk: the real cause, and nothing half-written ----------------------------------

FULL_DISK_KB = 12  # room for the manifest and the lock, not for a PDF


def _run_on_a_small_disk(root, out, how):
    """Run the real CLI's build into ``out``, where a PDF cannot be written; return the run
    and the files left in ``out`` (as seen where it ran).

    ``how`` "full": a tmpfs of a few kilobytes, mounted in a mount namespace of the
    run's own (``unshare``: no root needed where user namespaces are allowed; where
    they are not, as in some containers, the file-size limit stands in). ``how``
    "limit": the kernel's file-size limit (``ulimit -f``) fails the same writes for
    real, with EFBIG instead of ENOSPC.
    """
    import shlex
    import subprocess
    import sys

    command = shlex.join([sys.executable, "-m", "patient_leaflets", "--root", str(root), "build",
                          "--out", str(out)])
    listing = f"echo ---; find {shlex.quote(str(out))} -type f"
    if how == "full" and subprocess.run(["unshare", "-rm", "true"]).returncode == 0:
        script = (f"mount -t tmpfs -o size={FULL_DISK_KB}k tmpfs {shlex.quote(str(out))} && "
                  f"{{ {command}; status=$?; {listing}; exit $status; }}")
        runner, cause = ["unshare", "-rm", "sh", "-c", script], "full"
    else:  # 24 blocks of 512 bytes: a manifest fits, a PDF does not
        script = f"trap '' XFSZ; ulimit -f 24 && {{ {command}; status=$?; {listing}; exit $status; }}"
        runner, cause = ["sh", "-c", script], "limit"
    done = subprocess.run(runner, capture_output=True, text=True)
    output, _, files = done.stdout.partition("---\n")
    done.stdout = output
    return done, cause, sorted(Path(line).relative_to(out).as_posix() for line in files.split())


@pytest.mark.parametrize("how", ["full", "limit"])
def test_a_write_the_disk_refuses_shows_its_real_cause_and_leaves_no_half_written_file(
        make_library, how):
    root = make_library("minimal")
    out = root / "out"
    out.mkdir()
    done, cause, files = _run_on_a_small_disk(root, out, how)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, done.stderr
    said = {"full": "cannot write the file: the disk is full (No space left on device); nothing "
                    "was replaced: free some space, or choose another folder with --out DIR",
            "limit": "cannot write the file: it is larger than this system lets a file be (File "
                     "too large); raise the limit (ulimit -f), or choose another folder"}[cause]
    assert errors[0].startswith(f"error: demo (en, default, a4): {out}/default/en/demo-2.1.0-a4.pdf: "
                                f"{said}"), errors[0]
    assert "0 built, 0 unchanged, 0 drafts, 1 failed" in done.stdout
    # No PDF, no temporary file: the lock and a manifest that lists nothing built.
    assert files == [".leaflets-build.lock", "manifest.json"], files
