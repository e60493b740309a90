"""Edits a workbook in a real LibreOffice Calc, as a person would, and saves it as .xlsx.

Usage: /usr/bin/python3 libreoffice-edit.py IN.xlsx OUT.xlsx PROFILE_DIR EDITS.json

EDITS.json is a list of {"sheet": "allegiances", "cell": "D14", "text": "..."} (the text put into
the cell as text, as a value picked from a drop-down is) or {"sheet", "cell", "typed": "..."} (what
a person types, which Calc reads as it reads typing: 42 becomes a number, 2015-02-02 a date).
Starts its own headless office with its own profile and stops it again.
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    source, target, profile, edits_path = sys.argv[1:5]
    with open(edits_path, encoding="utf-8") as f:
        edits = json.load(f)
    pipe = "lo-edit-%d" % os.getpid()
    office = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=file://" + os.path.abspath(profile),
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        for _ in range(600):
            try:
                context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if office.poll() is not None:
                    raise SystemExit("soffice exited with %s before it accepted a connection" % office.returncode)
                time.sleep(0.1)
        if context is None:
            raise SystemExit("soffice did not accept a connection within 60 s")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0, (prop("Hidden", True),))
        for edit in edits:
            cell = document.Sheets.getByName(edit["sheet"]).getCellRangeByName(edit["cell"])
            if "typed" in edit:
                cell.setFormula(edit["typed"])
            else:
                cell.setString(edit["text"])
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the office may drop the connection as it stops
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


main()
