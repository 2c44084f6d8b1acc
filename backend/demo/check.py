#!/usr/bin/env python3
"""Consistency checks for the motcua demo data set (backend/demo/*.toml).

Usage:  python3 backend/demo/check.py [--units-dir DIR]

Checks that every file parses, that enums and formats are valid, that all
cross-references resolve (tenant parents, assignment tenants and procedures),
that codes are unique, that every current commune offers at least 12 enabled
procedures including birth registration (1.001193), that the 2025 and 2026
calendars match DOMAIN §5.3, and that all text is NFC-normalised.

With --units-dir (or when ../../../shared/data exists next to the repository),
admin_unit_code and names are also checked against admin-units-2025.csv and
admin-units-pre2025.csv. Without those files that step is skipped, so a fresh
clone can run this script on its own. Needs Python 3.11+ (tomllib), nothing else.
Exit status 0 = all good, 1 = problems (listed on stdout).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

# DOMAIN §8.2: all twenty procedures must be in the catalogue.
DOMAIN_PROCEDURES = {
    "1.001193", "1.000894", "1.000656", "1.004873", "1.004859", "1.001022", "1.000689",
    "1.004837", "1.004845", "2.001263", "2.000635", "1.004884", "2.000815", "2.000884",
    "1.004222", "1.004194", "1.001612", "3.000722", "2.002913", "1.000419",
}
BIRTH = "1.001193"
CIVIL_STATUS_AND_CERTIFICATION = {
    "1.001193", "1.000894", "1.000656", "1.004873", "1.004859", "1.001022", "1.000689",
    "1.004837", "1.004845", "2.000635", "1.004884", "1.000419", "2.000815", "2.000884",
}

# DOMAIN §5.3 seed table, expanded to Mon–Fri off days and make-up Saturdays.
EXPECTED_CALENDAR = {
    2025: {
        "off": {"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30",
                "2025-01-31", "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02",
                "2025-09-01", "2025-09-02"},
        "makeup": {"2025-04-26"},
        "swapped": {"2025-05-02"},
    },
    2026: {
        "off": {"2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18",
                "2026-02-19", "2026-02-20", "2026-04-27", "2026-04-30", "2026-05-01",
                "2026-08-31", "2026-09-01", "2026-09-02"},
        "makeup": {"2026-01-10", "2026-08-22"},
        "swapped": {"2026-01-02", "2026-08-31"},
        "compensatory": {"2026-04-27"},
    },
}

TENANT_CODE_RE = re.compile(r"^[A-Z0-9.]{1,32}$")
PROC_CODE_RE = re.compile(r"^\d\.\d{6}$")
SNAKE_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[a-z0-9._-]+@[a-z0-9.-]+\.gov\.vn$")
TEMPLATE_RE = re.compile(r"^[A-Z0-9_]+$")

LEVELS = {"PROVINCE", "DISTRICT", "COMMUNE"}
ONLINE_LEVELS = {"FULL", "PARTIAL", "NONE"}
TIME_UNITS = {"SAME_DAY", "WORKING_HOURS", "WORKING_DAYS", "CALENDAR_DAYS"}
FEE_KINDS = {"FEE", "CHARGE"}
FEE_RULES = {"FLAT", "PER_PAGE_TIERED_CAPPED", "PER_COPY", "FREE"}
FEE_CHANNELS = {"", "online"}
COPY_KINDS = {"ORIGINAL", "COPY", "ORIGINAL_OR_COPY"}
FIELD_KINDS = {"text", "textarea", "date", "number", "select", "email", "phone",
               "personal_id", "checkbox"}
DAY_KINDS = {"HOLIDAY", "COMPENSATORY", "SWAPPED_OFF", "MAKEUP_WORKDAY"}
MERGER_DATE = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)

problems: list[str] = []


def bad(msg: str) -> None:
    problems.append(msg)


def load(name: str) -> dict:
    path = HERE / name
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        bad(f"{name}: does not parse: {e}")
        return {}


def walk_strings(obj, where: str):
    if isinstance(obj, str):
        yield where, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_strings(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_strings(v, f"{where}[{i}]")


def check_text(name: str, data: dict) -> None:
    for where, s in walk_strings(data, name):
        if unicodedata.normalize("NFC", s) != s:
            bad(f"{where}: not NFC-normalised: {s!r}")
        if s != s.strip():
            bad(f"{where}: leading/trailing whitespace: {s!r}")


def parse_date(s: str, where: str, allow_empty: bool) -> dt.date | None:
    if s == "":
        if not allow_empty:
            bad(f"{where}: empty date")
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        bad(f"{where}: not a YYYY-MM-DD date: {s!r}")
        return None


def require(rec: dict, keys: list[str], where: str) -> bool:
    missing = [k for k in keys if k not in rec]
    if missing:
        bad(f"{where}: missing keys {missing}")
        return False
    return True


# ───────────────────────────── tenants ─────────────────────────────

def check_tenants(data: dict) -> dict[str, dict]:
    rows = data.get("tenant", [])
    if not rows:
        bad("tenants.toml: no [[tenant]] rows")
    keys = ["code", "name", "level", "parent_code", "admin_unit_code", "valid_from",
            "valid_to", "address", "hotline", "email", "bank_bin", "bank_account", "account_name"]
    by_code: dict[str, dict] = {}
    for i, t in enumerate(rows):
        where = f"tenant[{i}] {t.get('code', '?')}"
        if not require(t, keys, where):
            continue
        code = t["code"]
        if code in by_code:
            bad(f"{where}: duplicate tenant code")
        by_code[code] = t
        if not TENANT_CODE_RE.match(code) or "-" in code:
            bad(f"{where}: code must be 1–32 chars of A–Z, 0–9 and '.'")
        if len(code) > 20:
            bad(f"{where}: code longer than 20 characters")
        if code.startswith(".") or code.endswith(".") or ".." in code:
            bad(f"{where}: empty code segment")
        if t["level"] not in LEVELS:
            bad(f"{where}: level {t['level']!r} not in {sorted(LEVELS)}")
        if not t["name"] or not t["address"] or not t["hotline"]:
            bad(f"{where}: name, address and hotline must be non-empty")
        if not EMAIL_RE.match(t["email"]) or ".demo." not in t["email"] and "@demo." not in t["email"]:
            bad(f"{where}: e-mail {t['email']!r} must be a clearly-demo …@demo.<x>.gov.vn address")
        # VietQR collecting account (DOMAIN §7.3): a real NAPAS BIN, a clearly-demo account
        # (letters, so no bank resolves it to a real person), an uppercase ASCII holder name.
        if not re.fullmatch(r"\d{6}", t["bank_bin"]):
            bad(f"{where}: bank_bin {t['bank_bin']!r} must be a 6-digit NAPAS BIN")
        if not re.fullmatch(r"DEMO[0-9]{1,15}", t["bank_account"]):
            bad(f"{where}: bank_account {t['bank_account']!r} must be DEMO + digits (≤ 19)")
        if not re.fullmatch(r"[A-Z0-9 ().]{1,50}", t["account_name"]) or "DEMO" not in t["account_name"]:
            bad(f"{where}: account_name must be uppercase ASCII and say DEMO")
        digits = {"PROVINCE": 2, "DISTRICT": 3, "COMMUNE": 5}.get(t["level"])
        if digits and not re.fullmatch(rf"\d{{{digits}}}", t["admin_unit_code"]):
            bad(f"{where}: admin_unit_code {t['admin_unit_code']!r} must have {digits} digits")
        vf = parse_date(t["valid_from"], f"{where}.valid_from", allow_empty=True)
        vt = parse_date(t["valid_to"], f"{where}.valid_to", allow_empty=True)
        if vf and vt and vt < vf:
            bad(f"{where}: valid_to before valid_from")
        t["_from"], t["_to"] = vf, vt
        t["_current"] = vt is None

    for code, t in by_code.items():
        where = f"tenant {code}"
        parent = t["parent_code"]
        if t["level"] == "PROVINCE":
            if parent != "":
                bad(f"{where}: a province has parent_code \"\"")
            if not t["_current"]:
                bad(f"{where}: demo provinces are the current (post-2025) ones")
            continue
        if parent == "":
            bad(f"{where}: parent_code is empty")
            continue
        p = by_code.get(parent)
        if p is None:
            bad(f"{where}: parent_code {parent!r} does not exist")
            continue
        if not code.startswith(parent + "."):
            bad(f"{where}: code does not start with its parent's code {parent!r}.")
        if t["level"] == "DISTRICT":
            if p["level"] != "PROVINCE":
                bad(f"{where}: a district's parent must be a province")
            if t["_to"] != LAST_OLD_DAY:
                bad(f"{where}: districts are historical: valid_to = 2025-06-30")
        if t["level"] == "COMMUNE":
            if p["level"] == "DISTRICT":
                if t["_to"] != LAST_OLD_DAY:
                    bad(f"{where}: a commune under a district is historical: valid_to = 2025-06-30")
            elif p["level"] == "PROVINCE":
                if t["_from"] != MERGER_DATE or not t["_current"]:
                    bad(f"{where}: a commune directly under a province is current: "
                        "valid_from = 2025-07-01, valid_to = \"\"")
            else:
                bad(f"{where}: a commune's parent must be a district or a province")

    # admin_unit_code is unique among tenants in force at the same time (new units
    # often took over the code of a unit they absorbed).
    for label, group in (("current", [t for t in by_code.values() if t["_current"]]),
                         ("historical", [t for t in by_code.values() if not t["_current"]])):
        dup = [c for c, n in Counter((t["level"], t["admin_unit_code"]) for t in group).items() if n > 1]
        if dup:
            bad(f"tenants: duplicate admin_unit_code among {label} tenants: {dup}")

    # CONTRACT "Demo data": a province with two districts and four communes/wards.
    ok = False
    for prov in (t for t in by_code.values() if t["level"] == "PROVINCE"):
        below = [t for t in by_code.values() if t["code"].startswith(prov["code"] + ".")]
        if (sum(t["level"] == "DISTRICT" for t in below) >= 2
                and sum(t["level"] == "COMMUNE" for t in below) >= 4):
            ok = True
    if not ok:
        bad("tenants: CONTRACT needs a province with ≥ 2 districts and ≥ 4 communes")
    current_communes = [t for t in by_code.values() if t["level"] == "COMMUNE" and t["_current"]]
    if len(current_communes) < 6:
        bad(f"tenants: only {len(current_communes)} current communes (want ≥ 6)")
    return by_code


def find_units_dir(arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    for cand in (HERE.parents[2] / "shared" / "data", HERE.parents[1] / "shared" / "data"):
        if (cand / "admin-units-2025.csv").exists():
            return cand
    return None


def check_against_csv(tenants: dict[str, dict], units_dir: Path) -> None:
    new_prov, new_unit, old_dist, old_unit = {}, {}, {}, {}
    with (units_dir / "admin-units-2025.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            new_prov[r["province_code"]] = r["province_name"]
            new_unit[r["unit_code"]] = (r["province_code"], r["unit_name"])
    with (units_dir / "admin-units-pre2025.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            old_dist[r["district_code"]] = (r["province_code"], r["district_name"])
            old_unit[r["unit_code"]] = (r["district_code"], r["unit_name"])

    for code, t in tenants.items():
        where = f"tenant {code}"
        auc, name, level = t["admin_unit_code"], t["name"], t["level"]
        if level == "PROVINCE":
            if auc not in new_prov:
                bad(f"{where}: province code {auc} not in admin-units-2025.csv")
            elif not name.endswith(new_prov[auc]):
                bad(f"{where}: name {name!r} does not match {new_prov[auc]!r}")
        elif level == "DISTRICT":
            if auc not in old_dist:
                bad(f"{where}: district code {auc} not in admin-units-pre2025.csv")
            elif old_dist[auc][1] != name:
                bad(f"{where}: name {name!r} != {old_dist[auc][1]!r}")
        elif t["_current"]:
            prov = tenants.get(t["parent_code"], {})
            if auc not in new_unit:
                bad(f"{where}: unit code {auc} not in admin-units-2025.csv")
            elif new_unit[auc][1] != name:
                bad(f"{where}: name {name!r} != {new_unit[auc][1]!r}")
            elif new_unit[auc][0] != prov.get("admin_unit_code"):
                bad(f"{where}: unit {auc} belongs to province {new_unit[auc][0]}, "
                    f"parent has {prov.get('admin_unit_code')}")
        else:
            dist = tenants.get(t["parent_code"], {})
            if auc not in old_unit:
                bad(f"{where}: unit code {auc} not in admin-units-pre2025.csv")
            elif old_unit[auc][1] != name:
                bad(f"{where}: name {name!r} != {old_unit[auc][1]!r}")
            elif old_unit[auc][0] != dist.get("admin_unit_code"):
                bad(f"{where}: unit {auc} belongs to district {old_unit[auc][0]}, "
                    f"parent has {dist.get('admin_unit_code')}")


# ───────────────────────────── procedures ─────────────────────────────

def check_procedures(data: dict) -> dict[str, dict]:
    rows = data.get("procedure", [])
    keys = ["code", "name", "name_en", "field", "level", "online_level", "time_limit",
            "time_limit_note", "legal_basis", "result", "inter_agency", "non_territorial",
            "fee_note", "fee", "document", "form_field"]
    by_code: dict[str, dict] = {}
    for i, p in enumerate(rows):
        where = f"procedure[{i}] {p.get('code', '?')}"
        if not require(p, keys, where):
            continue
        code = p["code"]
        if code in by_code:
            bad(f"{where}: duplicate procedure code")
        by_code[code] = p
        if not PROC_CODE_RE.match(code):
            bad(f"{where}: code must look like 1.001193")
        for k in ("name", "name_en", "field", "legal_basis", "result"):
            if not isinstance(p[k], str) or not p[k]:
                bad(f"{where}: {k} must be a non-empty string")
        for k in ("inter_agency", "non_territorial"):
            if not isinstance(p[k], bool):
                bad(f"{where}: {k} must be a boolean")
        if p["level"] not in LEVELS:
            bad(f"{where}: level {p['level']!r}")
        if p["online_level"] not in ONLINE_LEVELS:
            bad(f"{where}: online_level {p['online_level']!r}")
        tl = p["time_limit"]
        if not isinstance(tl, dict) or set(tl) != {"unit", "value"}:
            bad(f"{where}: time_limit must be {{ unit, value }}")
        else:
            if tl["unit"] not in TIME_UNITS:
                bad(f"{where}: time_limit.unit {tl['unit']!r}")
            if not isinstance(tl["value"], int) or tl["value"] < 0:
                bad(f"{where}: time_limit.value must be a non-negative integer")
            elif (tl["unit"] == "SAME_DAY") != (tl["value"] == 0):
                bad(f"{where}: SAME_DAY goes with value 0 (and only it)")

        fees = p["fee"]
        if not fees:
            bad(f"{where}: no fee rule (use rule = \"FREE\" for free procedures)")
        for j, f in enumerate(fees):
            fw = f"{where}.fee[{j}]"
            if not require(f, ["kind", "rule", "amount_vnd", "channel", "note"], fw):
                continue
            if f["kind"] not in FEE_KINDS:
                bad(f"{fw}: kind {f['kind']!r}")
            if f["rule"] not in FEE_RULES:
                bad(f"{fw}: rule {f['rule']!r}")
            if f["channel"] not in FEE_CHANNELS:
                bad(f"{fw}: channel {f['channel']!r}")
            if not isinstance(f["amount_vnd"], int) or f["amount_vnd"] < 0:
                bad(f"{fw}: amount_vnd must be a non-negative integer")
            tier = ["first_pages_vnd", "first_pages", "next_page_vnd", "cap_vnd"]
            if f["rule"] == "PER_PAGE_TIERED_CAPPED":
                if require(f, tier, fw):
                    if not all(isinstance(f[k], int) and f[k] > 0 for k in tier):
                        bad(f"{fw}: tier parameters must be positive integers")
            else:
                extra = [k for k in tier if k in f]
                if extra:
                    bad(f"{fw}: {extra} only belong to PER_PAGE_TIERED_CAPPED")
                if f["rule"] in ("FLAT", "PER_COPY") and f["amount_vnd"] <= 0:
                    bad(f"{fw}: {f['rule']} needs amount_vnd > 0 (use FREE for zero)")
                if f["rule"] == "FREE" and f["amount_vnd"] != 0:
                    bad(f"{fw}: FREE with amount_vnd != 0")

        docs = p["document"]
        if not 2 <= len(docs) <= 6:
            bad(f"{where}: {len(docs)} documents (want 2–6)")
        for j, d in enumerate(docs):
            dw = f"{where}.document[{j}]"
            if not require(d, ["name", "copy_kind", "count", "required", "replaceable_by_data"], dw):
                continue
            if d["copy_kind"] not in COPY_KINDS:
                bad(f"{dw}: copy_kind {d['copy_kind']!r}")
            if not isinstance(d["count"], int) or d["count"] < 1:
                bad(f"{dw}: count must be ≥ 1")
            if not isinstance(d["required"], bool) or not isinstance(d["replaceable_by_data"], bool):
                bad(f"{dw}: required / replaceable_by_data must be booleans")
            if "template" in d and not TEMPLATE_RE.match(d["template"]):
                bad(f"{dw}: template {d['template']!r} must be UPPER_SNAKE")
        if not any(d.get("required") for d in docs):
            bad(f"{where}: no required document")

        ffs = p["form_field"]
        if not 3 <= len(ffs) <= 8:
            bad(f"{where}: {len(ffs)} form fields (want 3–8)")
        seen: set[str] = set()
        for j, ff in enumerate(ffs):
            fw = f"{where}.form_field[{j}] {ff.get('key', '?')}"
            if not require(ff, ["key", "label_vi", "label_en", "kind", "required"], fw):
                continue
            if not SNAKE_RE.match(ff["key"]):
                bad(f"{fw}: key must be snake_case")
            if ff["key"] in seen:
                bad(f"{fw}: duplicate key")
            seen.add(ff["key"])
            if ff["kind"] not in FIELD_KINDS:
                bad(f"{fw}: kind {ff['kind']!r}")
            if not isinstance(ff["required"], bool):
                bad(f"{fw}: required must be a boolean")
            opts = ff.get("options", [])
            if ff["kind"] == "select":
                if len(opts) < 2 or len(set(opts)) != len(opts):
                    bad(f"{fw}: select needs ≥ 2 distinct options")
            elif opts:
                bad(f"{fw}: options only belong to select")
            if "max_len" in ff:
                if ff["kind"] not in ("text", "textarea", "email"):
                    bad(f"{fw}: max_len only for text / textarea / email")
                elif not isinstance(ff["max_len"], int) or ff["max_len"] < 1:
                    bad(f"{fw}: max_len must be a positive integer")
            if ff.get("pattern"):
                try:
                    re.compile(ff["pattern"])
                except re.error as e:
                    bad(f"{fw}: pattern does not compile: {e}")
                if ff["pattern"].startswith("^") or ff["pattern"].endswith("$"):
                    bad(f"{fw}: pattern is implicitly anchored; drop ^ and $")
            if ff["kind"] == "checkbox" and ff.get("pattern"):
                bad(f"{fw}: checkbox with a pattern")

    missing = DOMAIN_PROCEDURES - set(by_code)
    if missing:
        bad(f"procedures: DOMAIN §8.2 codes missing: {sorted(missing)}")
    extra = set(by_code) - DOMAIN_PROCEDURES
    if extra:
        bad(f"procedures: codes not in DOMAIN §8.2: {sorted(extra)}")

    cc = by_code.get("2.000815")
    if cc:
        tiers = [f for f in cc["fee"] if f.get("rule") == "PER_PAGE_TIERED_CAPPED"]
        if not tiers or (tiers[0].get("first_pages_vnd"), tiers[0].get("first_pages"),
                         tiers[0].get("next_page_vnd"), tiers[0].get("cap_vnd")) != (2000, 2, 1000, 200000):
            bad("procedure 2.000815: certified copy fee must be 2,000/page for pages 1–2, "
                "1,000 from page 3, cap 200,000")
    return by_code


# ───────────────────────────── assignments ─────────────────────────────

def check_assignments(data: dict, tenants: dict[str, dict], procs: dict[str, dict]) -> None:
    rows = data.get("assignment", [])
    seen: set[tuple[str, str]] = set()
    enabled: dict[str, set[str]] = {}
    disabled: dict[str, set[str]] = {}
    for i, a in enumerate(rows):
        where = f"assignment[{i}] {a.get('tenant_code', '?')}/{a.get('procedure_code', '?')}"
        if not require(a, ["tenant_code", "procedure_code", "enabled", "department", "fee_note"], where):
            continue
        t, p = a["tenant_code"], a["procedure_code"]
        if t not in tenants:
            bad(f"{where}: unknown tenant")
        elif tenants[t]["level"] == "PROVINCE":
            bad(f"{where}: procedures are assigned to districts and communes, not provinces")
        if p not in procs:
            bad(f"{where}: unknown procedure")
        if (t, p) in seen:
            bad(f"{where}: duplicate assignment")
        seen.add((t, p))
        if not isinstance(a["enabled"], bool):
            bad(f"{where}: enabled must be a boolean")
        if not a["department"]:
            bad(f"{where}: department is empty")
        (enabled if a["enabled"] else disabled).setdefault(t, set()).add(p)

    for code, t in tenants.items():
        if t["level"] == "PROVINCE":
            continue
        on, off = enabled.get(code, set()), disabled.get(code, set())
        if t["level"] == "COMMUNE" and t["_current"]:
            if len(on) < 12:
                bad(f"tenant {code}: {len(on)} enabled procedures (want ≥ 12)")
            if BIRTH not in on:
                bad(f"tenant {code}: {BIRTH} (Đăng ký khai sinh) not enabled")
            if not 1 <= len(off) <= 2:
                bad(f"tenant {code}: {len(off)} disabled procedures (want 1–2 to show the toggle)")
        else:
            missing = CIVIL_STATUS_AND_CERTIFICATION - on
            if missing:
                bad(f"tenant {code}: historical unit lacks civil-status/certification {sorted(missing)}")
            if len(on) < 10:
                bad(f"tenant {code}: {len(on)} enabled procedures (CONTRACT wants ≥ 10)")


# ───────────────────────────── calendar ─────────────────────────────

def check_calendar(data: dict) -> None:
    rows = data.get("day", [])
    days: dict[str, dict] = {}
    for i, r in enumerate(rows):
        where = f"day[{i}] {r.get('day', '?')}"
        if not require(r, ["day", "kind", "label", "source"], where):
            continue
        if r["day"] in days:
            bad(f"{where}: duplicate day")
        days[r["day"]] = r
        d = parse_date(r["day"], where, allow_empty=False)
        if r["kind"] not in DAY_KINDS:
            bad(f"{where}: kind {r['kind']!r}")
        if not r["label"] or not r["source"]:
            bad(f"{where}: label and source must be non-empty")
        if d is None:
            continue
        if r["kind"] == "MAKEUP_WORKDAY":
            if d.weekday() != 5:
                bad(f"{where}: a make-up working day must be a Saturday")
        elif d.weekday() >= 5:
            bad(f"{where}: off days are listed only when they fall Mon–Fri")
    if [r["day"] for r in rows] != sorted(r["day"] for r in rows):
        bad("calendar.toml: days are not in date order")

    for year, exp in EXPECTED_CALENDAR.items():
        got_off = {d for d, r in days.items() if d.startswith(f"{year}-") and r["kind"] != "MAKEUP_WORKDAY"}
        got_mk = {d for d, r in days.items() if d.startswith(f"{year}-") and r["kind"] == "MAKEUP_WORKDAY"}
        got_sw = {d for d, r in days.items() if d.startswith(f"{year}-") and r["kind"] == "SWAPPED_OFF"}
        if got_off != exp["off"]:
            bad(f"calendar {year}: off days differ from DOMAIN §5.3: "
                f"missing {sorted(exp['off'] - got_off)}, extra {sorted(got_off - exp['off'])}")
        if got_mk != exp["makeup"]:
            bad(f"calendar {year}: make-up Saturdays {sorted(got_mk)} != {sorted(exp['makeup'])}")
        if got_sw != exp["swapped"]:
            bad(f"calendar {year}: swapped-off days {sorted(got_sw)} != {sorted(exp['swapped'])}")
        comp = exp.get("compensatory")
        if comp is not None:
            got_c = {d for d, r in days.items() if d.startswith(f"{year}-") and r["kind"] == "COMPENSATORY"}
            if got_c != comp:
                bad(f"calendar {year}: compensatory days {sorted(got_c)} != {sorted(comp)}")
    for year in (2024, 2027):
        if not any(d.startswith(f"{year}-") for d in days):
            bad(f"calendar {year}: no rows")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units-dir", help="folder holding admin-units-2025.csv and admin-units-pre2025.csv")
    args = ap.parse_args()

    files = {n: load(n) for n in ("tenants.toml", "procedures.toml", "assignments.toml", "calendar.toml")}
    for n, d in files.items():
        check_text(n, d)
    tenants = check_tenants(files["tenants.toml"])
    procs = check_procedures(files["procedures.toml"])
    check_assignments(files["assignments.toml"], tenants, procs)
    check_calendar(files["calendar.toml"])

    units_dir = find_units_dir(args.units_dir)
    if units_dir is not None:
        check_against_csv(tenants, units_dir)
        csv_note = f"checked against {units_dir}"
    else:
        csv_note = "admin-unit CSVs not found: code/name check skipped"

    n_cur = sum(1 for t in tenants.values() if t["level"] == "COMMUNE" and t.get("_current"))
    print(f"tenants {len(tenants)} (current communes {n_cur}), procedures {len(procs)}, "
          f"assignments {len(files['assignments.toml'].get('assignment', []))}, "
          f"calendar days {len(files['calendar.toml'].get('day', []))}; {csv_note}")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
