"""Hostile file names, each with the one safe form Sprava must store and show for it.

Names come from seized disks (raw bytes in any encoding) and from browsers (text, sometimes a
whole Windows path). None may reach the database, a page or an export raw: control characters,
bidirectional overrides, separators and invalid UTF-8 are escaped or cut away.
"""

from __future__ import annotations

from typing import NamedTuple


class HostileName(NamedTuple):
    id: str
    raw: str | bytes
    stored: str
    on_disk: bool = True  # a Linux file can have this name (no NUL, no "/", not "." or "")


LONG = "a" * 1000

# Every bidirectional control and invisible format character: each reorders or hides what a
# reader sees of a name, so each is escaped visibly (never dropped, never kept raw).
INVISIBLE_CHARACTERS = {
    "zero-width-space": 0x200B, "zero-width-non-joiner": 0x200C, "zero-width-joiner": 0x200D,
    "left-to-right-mark": 0x200E, "right-to-left-mark": 0x200F,
    "left-to-right-embedding": 0x202A, "right-to-left-embedding": 0x202B,
    "pop-directional-formatting": 0x202C, "left-to-right-override": 0x202D,
    "right-to-left-override": 0x202E, "left-to-right-isolate": 0x2066,
    "right-to-left-isolate": 0x2067, "first-strong-isolate": 0x2068,
    "pop-directional-isolate": 0x2069, "byte-order-mark": 0xFEFF, "arabic-letter-mark": 0x061C,
}
INVISIBLE = [HostileName(f"invisible-{name}", f"report{chr(code)}fdp.exe",
                         f"report\\u{code:04x}fdp.exe")
             for name, code in INVISIBLE_CHARACTERS.items()]

HOSTILE_NAMES: list[HostileName] = [
    HostileName("nul", "evil\x00name.txt", "evil\\x00name.txt", on_disk=False),
    HostileName("newline", "line\nbreak.txt", "line\\x0abreak.txt"),
    HostileName("carriage-return", "fake\r.txt", "fake\\x0d.txt"),
    HostileName("tab", "tab\there.txt", "tab\\x09here.txt"),
    HostileName("ansi-escape", "\x1b[31mred.txt", "\\x1b[31mred.txt"),
    HostileName("delete", "del\x7f.txt", "del\\x7f.txt"),
    HostileName("c1-control", "next\x85line.txt", "next\\x85line.txt"),
    # "photo\u202egpj.exe" shows as "photoexe.jpg" in a right-to-left aware display.
    HostileName("rtl-override", "photo\u202egpj.exe", "photo\\u202egpj.exe"),
    HostileName("ltr-embedding", "a\u202ab.txt", "a\\u202ab.txt"),
    HostileName("zero-width-space", "in\u200bvisible.txt", "in\\u200bvisible.txt"),
    HostileName("line-separator", "two\u2028lines.txt", "two\\u2028lines.txt"),
    HostileName("paragraph-separator", "two\u2029paras.txt", "two\\u2029paras.txt"),
    HostileName("tag-character", "\U000e0001tag.txt", "\\U000e0001tag.txt"),
    HostileName("dot-dot", "..", "(unnamed)", on_disk=False),
    HostileName("dot", ".", "(unnamed)", on_disk=False),
    HostileName("empty", "", "(unnamed)", on_disk=False),
    HostileName("blanks", "   ", "(unnamed)"),
    HostileName("path-traversal", "../../etc/passwd", "passwd", on_disk=False),
    HostileName("absolute-path", "/etc/shadow", "shadow", on_disk=False),
    HostileName("windows-path", "C:\\Users\\x\\report.pdf", "report.pdf"),
    HostileName("windows-traversal", "..\\..\\boot.ini", "boot.ini"),
    HostileName("trailing-separator", "folder/", "(unnamed)", on_disk=False),
    HostileName("long", LONG, "a" * 254 + "…", on_disk=False),
    # An escape is never cut in half by the length limit.
    HostileName("long-ending-in-escape", "a" * 252 + "\nb", "a" * 252 + "…", on_disk=False),
    HostileName("non-utf8-bytes", b"\xff\xfe.jpg", "\\xff\\xfe.jpg"),
    HostileName(
        "latin1-bytes", "Ales\u0301".encode() + b"-\xe9t\xe9.txt", "Ales\u0301-\\xe9t\\xe9.txt"
    ),
    HostileName(
        "cp1251-bytes", "Вясна".encode("cp1251") + b".doc", "\\xc2\\xff\\xf1\\xed\\xe0.doc"
    ),
    HostileName("overlong-slash", b"\xc0\xafetc.txt", "\\xc0\\xafetc.txt"),
    # os.fsdecode keeps undecodable bytes as lone surrogates: they are the bytes, escaped.
    HostileName("fsdecoded-bytes", "\udcff\udcfe.jpg", "\\xff\\xfe.jpg"),
    # A lone surrogate that no decoder made (a malformed upload) must not crash the intake.
    HostileName("lone-surrogate", "\ud800.txt", "\\xed\\xa0\\x80.txt", on_disk=False),
    # The override of the finding: "passwd\u202egpj.exe" shows as "passwdexe.jpg".
    HostileName("rtl-override-passwd", "passwd\u202egpj.exe", "passwd\\u202egpj.exe"),
    *INVISIBLE,
    # Readable names in other scripts are kept as they are.
    HostileName("cyrillic", "Акрэсціна-2020.mp4", "Акрэсціна-2020.mp4"),
    HostileName("emoji", "✊ protest 🇧🇾.jpg", "✊ protest 🇧🇾.jpg"),
]

ON_DISK = [name for name in HOSTILE_NAMES if name.on_disk]
