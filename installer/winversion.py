"""Windows version information of giapp.exe (what Explorer shows under Properties → Details)."""

from __future__ import annotations

import re


def numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0): Windows wants four integers."""
    parts = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple((parts + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_info(version: str, product: str):
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    four = numbers(version)
    strings = {
        "ProductName": product,
        "FileDescription": product,
        "ProductVersion": version,
        "FileVersion": version,
        "InternalName": "giapp",
        "OriginalFilename": "giapp.exe",
        "CompanyName": "giapp",
        "LegalCopyright": "Apache-2.0",
    }
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=four, prodvers=four),
        kids=[
            # 0804 = Chinese (PRC), 04b0 = 1200 = Unicode
            StringFileInfo([StringTable("080404b0", [StringStruct(k, v) for k, v in strings.items()])]),
            VarFileInfo([VarStruct("Translation", [0x0804, 1200])]),
        ],
    )
