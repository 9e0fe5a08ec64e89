"""A synthetic national commendation history, written in bulk (issue 7).

Run from the repository root (the database is migrated first; it should hold no generated
data yet)::

    THIDUA_DEBUG=true .venv/bin/python -m bench.national.generate --scale 100000 --seed 7 \\
        --database-url postgres://postgres@127.0.0.1:5432/thidua_bench_national

``--scale`` is the number of people; everything else follows from it:

* **Agencies** (DOMAIN.md §8, §11): the ministries before 01/03/2025 and the five merged ones
  (Resolution 176/2025/QH15) with their units; the 63 provincial committees and, for the 23
  merged provinces, the new committees from 01/07/2025 (Resolution 202/2025/QH15, reading the
  provinces the migrations ship); in every province its departments, the pairs merged on
  01/03/2025 (Tài chính ← Tài chính + Kế hoạch và Đầu tư, …) and, in a merged province, the
  departments merged again on 01/07/2025; district units (ending 30/06/2025, no successor);
  communes, merged about three into one on 01/07/2025; public-service units (schools,
  hospitals, centres), some renamed or split over the years, those of merged provinces
  transferred to the new departments. Every change is a ``LineageEvent`` with its
  predecessors and successors.
* **People** with Vietnamese names drawn from frequency tables (family names with their
  national shares — Nguyễn about 38 % —, middle names by gender, given names), a gender, a
  birth year; **positions** that start before or during the history, move between agencies
  (about 4 % a year), follow an agency into its successor when it ends (a district's staff go
  to a new commune) and end when the person leaves.
* **Records** for every year a person is in post on 31 December (``--years`` years up to
  ``--judged-year``): the yearly rating; ``lao_dong_tien_tien``, ``chien_si_thi_dua_co_so``,
  ``chien_si_thi_dua_bo``, ``chien_si_thi_dua_toan_quoc``, ``bang_khen_bo``,
  ``bang_khen_thu_tuong`` granted (with a probability) only when the rules of DOMAIN.md §5
  hold — chains, initiatives, disciplines breaking chains, years used up by the last title;
  ``giay_khen`` and thematic or ad-hoc awards that count toward nothing; initiatives of the
  three scopes; disciplines with their periods; blockers (a few still open); a few
  revocations. Collectives get a yearly rating and the collective titles when their members'
  figures allow them (``tap_the_lao_dong_tien_tien``: ≥ 70 % of the members, …). In the
  judged year only the unit-level titles are decided (by January); the ministry-level ones are
  what the eligibility batch has to answer, as of ``evaluation_date()``: 31 March after it.

The same ``--seed`` and ``--scale`` write the same rows. The rows are NOT written through the
services (they validate, lock, audit, row by row): on PostgreSQL with ``COPY`` (through
psycopg, with foreign-key triggers off during the load — ``session_replication_role`` — and
the tables' secondary indexes dropped and built again afterwards), on SQLite with
``executemany`` in one transaction with ``synchronous=OFF``, no journal and foreign keys off (the
smoke tests load with them on), the indexes and the full-text triggers dropped and rebuilt
afterwards. It estimates the disk the scale needs and
refuses to start when the free space is short.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

JUDGED_YEAR = 2025
YEARS = 15
MINISTRY_REFORM = dt.date(2025, 3, 1)
REFORM = dt.date(2025, 7, 1)
ONE_DAY = dt.timedelta(days=1)

# --- names ------------------------------------------------------------------------------------

# Family names with their approximate national shares (per cent).
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 37.6), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 3.0),
    ("Huỳnh", 2.1), ("Phan", 4.5), ("Vũ", 2.4), ("Võ", 1.5), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.7),
    ("Trương", 0.7), ("Đoàn", 0.6), ("Lâm", 0.5), ("Mai", 0.5), ("Trịnh", 0.5), ("Lương", 0.4),
    ("Cao", 0.4), ("Hà", 0.5), ("Lưu", 0.3), ("Tạ", 0.3), ("Chu", 0.3), ("Tô", 0.3),
    ("Vương", 0.3), ("Châu", 0.3), ("Thái", 0.2), ("Quách", 0.2), ("Kiều", 0.2), ("Nông", 0.3),
    ("Lò", 0.1), ("Tăng", 0.1), ("Phùng", 0.3), ("La", 0.2), ("Từ", 0.1), ("Khúc", 0.1),
    ("Triệu", 0.3), ("Hứa", 0.2), ("Âu", 0.1), ("Mạc", 0.1),
]  # fmt: skip
MIDDLE_NAMES = {
    "nam": [
        ("Văn", 30), ("Đức", 8), ("Minh", 8), ("Hữu", 7), ("Quang", 6), ("Thanh", 5),
        ("Công", 5), ("Đình", 4), ("Ngọc", 4), ("Xuân", 4), ("Quốc", 4), ("Thế", 3),
        ("Hoàng", 3), ("Trọng", 3), ("Duy", 3), ("Anh", 3), ("Tiến", 2), ("Mạnh", 2), ("Bá", 2),
        ("Khắc", 1), ("Việt", 2), ("Tuấn", 1),
    ],
    "nu": [
        ("Thị", 55), ("Ngọc", 8), ("Thu", 5), ("Thanh", 5), ("Kim", 4), ("Minh", 3),
        ("Hồng", 3), ("Phương", 3), ("Bích", 2), ("Mai", 2), ("Diệu", 2), ("Thùy", 2),
        ("Khánh", 2), ("Hoài", 2), ("Quỳnh", 2), ("Thúy", 1), ("Lan", 1),
    ],
}  # fmt: skip
GIVEN_NAMES = {
    "nam": [
        "Anh", "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Sơn", "Thắng", "Long", "Cường",
        "Hưng", "Quân", "Trung", "Phong", "Hoàng", "Huy", "Tùng", "Đức", "Thành", "Bình",
        "Hiếu", "Khoa", "Kiên", "Lâm", "Lợi", "Nghĩa", "Phúc", "Quang", "Tâm", "Thịnh", "Toàn",
        "Việt", "Vinh", "Hậu", "Tài", "Bảo", "Khang", "Duy", "Đạt", "Hòa", "Thái", "Tiến",
        "Trí", "Vũ", "Lộc", "Hiển", "Chiến", "Điệp", "Thuận",
    ],
    "nu": [
        "Hương", "Lan", "Linh", "Hà", "Trang", "Thảo", "Mai", "Hoa", "Hằng", "Ngọc", "Nhung",
        "Phương", "Thủy", "Yến", "Loan", "Huyền", "Dung", "Hạnh", "Hiền", "Oanh", "Vân", "Anh",
        "Nga", "Thúy", "Giang", "Châu", "Quyên", "Trâm", "Nhi", "Tuyết", "Hồng", "Liên", "My",
        "Ly", "Thư", "Uyên", "Vy", "Xuân", "Diệp", "Ánh",
    ],
}  # fmt: skip
PLACE_SYLLABLES = " ".join(
    [
        "Tân An Phú Bình Hòa Thạnh Long Mỹ Vĩnh Phước Thuận Hưng Đông Tây Nam Bắc Trung Quang",
        "Thịnh Hiệp Lợi Lộc Thọ Xuân Hải Sơn Thủy Lâm Hà Yên Định Thành Khánh Gia Hội Nghĩa Tiến",
    ]
).split()

# --- agencies ---------------------------------------------------------------------------------

MINISTRIES = [
    ("BNV", "Bộ Nội vụ"),
    ("BLDTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("BTC", "Bộ Tài chính"),
    ("BKHDT", "Bộ Kế hoạch và Đầu tư"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("BGTVT", "Bộ Giao thông vận tải"),
    ("BXD", "Bộ Xây dựng"),
    ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"),
    ("BCT", "Bộ Công Thương"),
    ("BYT", "Bộ Y tế"),
    ("BGDDT", "Bộ Giáo dục và Đào tạo"),
    ("BTP", "Bộ Tư pháp"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("BNG", "Bộ Ngoại giao"),
    ("TTCP", "Thanh tra Chính phủ"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
    ("UBDT", "Ủy ban Dân tộc"),
    ("VPCP", "Văn phòng Chính phủ"),
]
# The ministries merged on 01/03/2025: new code, name, predecessors.
MINISTRY_MERGES = [
    ("BTC-2025", "Bộ Tài chính", ["BTC", "BKHDT"]),
    ("BNV-2025", "Bộ Nội vụ", ["BNV", "BLDTBXH"]),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường", ["BNNPTNT", "BTNMT"]),
    ("BXD-2025", "Bộ Xây dựng", ["BXD", "BGTVT"]),
    ("BKHCN-2025", "Bộ Khoa học và Công nghệ", ["BKHCN", "BTTTT"]),
]
MINISTRY_RENAMES = [("UBDT", "BDTTG", "Bộ Dân tộc và Tôn giáo")]
MINISTRY_UNITS = [
    ("VP", "Văn phòng"),
    ("TCCB", "Vụ Tổ chức cán bộ"),
    ("KHTC", "Vụ Kế hoạch - Tài chính"),
    ("TTR", "Thanh tra"),
    ("PC", "Vụ Pháp chế"),
    ("TDKT", "Vụ Thi đua - Khen thưởng"),
    ("HTQT", "Vụ Hợp tác quốc tế"),
    ("KHCN", "Vụ Khoa học và Công nghệ"),
]
# Departments in the order they are kept at small scales (the merged pairs first).
DEPARTMENTS = [
    ("STC", "Sở Tài chính"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("SNV", "Sở Nội vụ"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("STNMT", "Sở Tài nguyên và Môi trường"),
    ("SCT", "Sở Công Thương"),
    ("SXD", "Sở Xây dựng"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("STP", "Sở Tư pháp"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
]
DEPARTMENT_MERGES = [
    ("STC", "Sở Tài chính", ["STC", "SKHDT"]),
    ("SNV", "Sở Nội vụ", ["SNV", "SLDTBXH"]),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", ["SNNPTNT", "STNMT"]),
    ("SXD", "Sở Xây dựng", ["SXD", "SGTVT"]),
    ("SKHCN", "Sở Khoa học và Công nghệ", ["SKHCN", "STTTT"]),
]
PSU_KINDS = [
    ("Trường Mầm non", "SGDDT", 22),
    ("Trường Tiểu học", "SGDDT", 26),
    ("Trường Trung học cơ sở", "SGDDT", 20),
    ("Trường Trung học phổ thông", "SGDDT", 8),
    ("Trung tâm Y tế", "SYT", 8),
    ("Bệnh viện Đa khoa", "SYT", 6),
    ("Trung tâm Dịch vụ nông nghiệp", "SNNPTNT", 5),
    ("Trung tâm Văn hóa - Thể thao", "SVHTTDL", 5),
]
# Where a person's first post is (the kind of agency), by share.
KIND_SHARES = [
    ("ministry", 0.5),
    ("ministry_unit", 5),
    ("provincial_committee", 1),
    ("provincial_department", 12),
    ("district_unit", 10),
    ("commune", 13),
    ("public_service_unit", 58.5),
]
POSITION_TITLES = {
    "ministry": ["Chuyên viên", "Chuyên viên chính"],
    "ministry_unit": ["Chuyên viên", "Chuyên viên chính", "Phó Vụ trưởng", "Chuyên viên cao cấp"],
    "provincial_committee": ["Chuyên viên", "Chuyên viên chính", "Phó Chánh Văn phòng"],
    "provincial_department": ["Chuyên viên", "Chuyên viên chính", "Trưởng phòng", "Phó Giám đốc"],
    "district_unit": ["Chuyên viên", "Trưởng phòng", "Phó Chủ tịch"],
    "commune": ["Công chức", "Chủ tịch", "Phó Chủ tịch", "Công chức địa chính - xây dựng"],
    "public_service_unit": ["Giáo viên", "Viên chức", "Bác sĩ", "Điều dưỡng", "Kế toán"],
}

# --- records ----------------------------------------------------------------------------------

RATINGS = ["htxsnv", "httnv", "htnv", "khtnv"]
# A person's aptitude sets their odds: rating weights, initiative chance.
APTITUDES = [
    (0.15, [45, 48, 6, 1], 0.25),
    (0.65, [12, 72, 14, 2], 0.06),
    (0.20, [3, 60, 31, 6], 0.01),
]
INITIATIVE_SCOPES = [("co_so", 80), ("bo", 17), ("toan_quoc", 3)]
DISCIPLINE_LEVELS = [
    ("khien_trach", 55, 182),
    ("canh_cao", 30, 365),
    ("ha_bac_luong", 6, 365),
    ("giang_chuc", 4, 540),
    ("cach_chuc", 5, 730),
]
LEVEL_ORDER = [
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_chuc",
    "cach_chuc",
    "buoc_thoi_viec",
    "khai_tru",
]
P_DISCIPLINE = 0.006
P_BLOCKER = 0.0015
P_REVOKED = 0.001
P_MOVE = 0.04
P_LEAVE = 0.025
CONSECUTIVE = 9999  # a discipline period with no end breaks every chain
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# Estimated bytes stored per row, indexes included (measured at 100k people: see README).
# Measured at 20,000 people (PostgreSQL 15: 337 MB; SQLite 3.40: 277 MB for 475,161 records).
BYTES_PER_RECORD = {"postgresql": 700, "sqlite": 600}
BYTES_PER_PERSON = 500  # the person, their positions and their search indexes
RECORDS_PER_PERSON = 24.0  # about, with the default 15 years


@dataclass(frozen=True)
class Settings:
    scale: int
    seed: int = 2025
    judged_year: int = JUDGED_YEAR
    years: int = YEARS

    @property
    def first_year(self) -> int:
        return self.judged_year - self.years + 1

    @property
    def as_of(self) -> dt.date:
        return evaluation_date(self.judged_year)


def evaluation_date(judged_year: int) -> dt.date:
    """When the judged year is evaluated: 31 March after it (unit-level titles are decided)."""
    return dt.date(judged_year + 1, 3, 31)


@dataclass
class Summary:
    """What ``generate`` wrote and how long it took."""

    settings: Settings
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    family_names: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return self.counts.get("records", 0)


@dataclass(slots=True)
class Unit:
    """One agency as the generator keeps it."""

    id: int
    code: str
    name: str
    kind: str
    province_id: int | None
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    region: str  # the post-2025 province code, or "TW" (central)
    top: str  # who confers the ministry-level titles of its people
    successors: list[int] = field(default_factory=list)

    def active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass
class Lineage:
    kind: str
    date: dt.date
    decision: str
    predecessors: list[int]
    successors: list[int]


class Weighted:
    """Draws from ``choices`` with ``weights`` (cumulative, bisected: fast and deterministic)."""

    def __init__(self, choices: Sequence[Any], weights: Sequence[float]) -> None:
        self.choices = list(choices)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> Any:
        return self.choices[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def _zipf(names: list[str]) -> Weighted:
    return Weighted(names, [1 / (rank + 1) ** 0.8 for rank in range(len(names))])


FAMILY = Weighted([n for n, _w in FAMILY_NAMES], [w for _n, w in FAMILY_NAMES])
MIDDLE = {g: Weighted([n for n, _w in t], [w for _n, w in t]) for g, t in MIDDLE_NAMES.items()}
GIVEN = {g: _zipf(names) for g, names in GIVEN_NAMES.items()}


def full_name(rng: random.Random, gender: str) -> str:
    return f"{FAMILY.draw(rng)} {MIDDLE[gender].draw(rng)} {GIVEN[gender].draw(rng)}"


def family_share(names: Sequence[str], family: str) -> float:
    """The share of ``names`` whose family name (first word) is ``family``."""
    return sum(1 for n in names if n.split(" ", 1)[0] == family) / max(1, len(names))


# --- the organisation ----------------------------------------------------------------------------


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


class Organisation:
    """Every agency and lineage event of the national structure, for ``scale`` people."""

    def __init__(self, scale: int, rng: random.Random, provinces: list[tuple[Any, ...]]) -> None:
        self.rng = rng
        self.units: list[Unit] = []
        self.by_code: dict[str, Unit] = {}
        self.events: list[Lineage] = []
        self.next_id = 1
        self._places: set[str] = set()
        self._build(scale, provinces)

    def add(
        self,
        code: str,
        name: str,
        kind: str,
        *,
        province_id: int | None,
        parent: Unit | None,
        region: str,
        top: str,
        valid_from: dt.date | None = None,
        valid_to: dt.date | None = None,
    ) -> Unit:
        unit = Unit(
            self.next_id,
            code,
            name,
            kind,
            province_id,
            parent.id if parent else None,
            valid_from,
            valid_to,
            region,
            top,
        )
        self.next_id += 1
        self.units.append(unit)
        self.by_code[code] = unit
        return unit

    def event(
        self, kind: str, date: dt.date, decision: str, before: list[Unit], after: list[Unit]
    ) -> None:
        self.events.append(
            Lineage(kind, date, decision, [u.id for u in before], [u.id for u in after])
        )
        if kind in ("merge", "split", "rename"):
            for unit in before:
                unit.successors.extend(u.id for u in after)

    def place(self) -> str:
        rng = self.rng
        for _ in range(50):
            name = f"{rng.choice(PLACE_SYLLABLES)} {rng.choice(PLACE_SYLLABLES)}"
            if name not in self._places:
                break
        self._places.add(name)
        return name

    def _build(self, scale: int, provinces: list[tuple[Any, ...]]) -> None:
        rng = self.rng
        per_ministry = _clamp(scale // 20000, 1, len(MINISTRY_UNITS))
        n_departments = _clamp(scale // 2000, 3, len(DEPARTMENTS))
        districts_per_province = _clamp(scale // 10000, 1, 10)
        old_communes = max(2 * 63, scale // 200)
        psus = max(63, scale // 60)
        before_ministries = MINISTRY_REFORM - ONE_DAY
        before_reform = REFORM - ONE_DAY

        # Ministries and their units; the merges and the rename of 01/03/2025.
        ministries: dict[str, Unit] = {}
        units_of: dict[str, list[Unit]] = {}
        for code, name in MINISTRIES:
            ends = any(code in olds for _c, _n, olds in MINISTRY_MERGES) or any(
                code == old for old, _n, _m in MINISTRY_RENAMES
            )
            ministry = self.add(
                code, name, "ministry", province_id=None, parent=None, region="TW", top=name,
                valid_to=before_ministries if ends else None,
            )  # fmt: skip
            ministries[code] = ministry
            units_of[code] = [
                self.add(
                    f"{code}-{ucode}",
                    f"{uname} - {name}",
                    "ministry_unit",
                    province_id=None,
                    parent=ministry,
                    region="TW",
                    top=name,
                    valid_to=before_ministries if ends else None,
                )
                for ucode, uname in MINISTRY_UNITS[:per_ministry]
            ]
        for code, name, olds in MINISTRY_MERGES:
            new = self.add(
                code, name, "ministry", province_id=None, parent=None, region="TW", top=name,
                valid_from=MINISTRY_REFORM,
            )  # fmt: skip
            self.event(
                "merge", MINISTRY_REFORM, "176/2025/QH15", [ministries[o] for o in olds], [new]
            )
            for index, (ucode, uname) in enumerate(MINISTRY_UNITS[:per_ministry]):
                before = [units_of[o][index] for o in olds]
                merged = self.add(
                    f"{code}-{ucode}", f"{uname} - {name}", "ministry_unit", province_id=None,
                    parent=new, region="TW", top=name, valid_from=MINISTRY_REFORM,
                )  # fmt: skip
                for unit in before:
                    unit.valid_to = before_ministries
                self.event("merge", MINISTRY_REFORM, f"{index + 1}/QĐ-{code}", before, [merged])
        for old, code, name in MINISTRY_RENAMES:
            new = self.add(
                code, name, "ministry", province_id=None, parent=None, region="TW", top=name,
                valid_from=MINISTRY_REFORM,
            )  # fmt: skip
            self.event("rename", MINISTRY_REFORM, "176/2025/QH15", [ministries[old]], [new])
            for unit in units_of[old]:
                unit.valid_to = None
                unit.parent_id = new.id
                self.event("transfer", MINISTRY_REFORM, f"1/QĐ-{code}", [unit], [unit])
        central = [m for m in ministries.values() if m.valid_to is None]

        # Provinces: (id, code, name, is_city, valid_from, valid_to, merged_into_id).
        by_id = {row[0]: row for row in provinces}
        old_rows = [row for row in provinces if row[4] is None]
        new_rows = [row for row in provinces if row[4] == REFORM]
        new_code_of: dict[str, str] = {}
        for row in old_rows:
            into = by_id.get(row[6]) if row[6] else None
            new_code_of[row[1]] = into[1] if into else row[1]

        def committee_name(row: tuple[Any, ...]) -> str:
            return f"Ủy ban nhân dân {'' if row[3] else 'tỉnh '}{row[2]}"

        committees: dict[str, Unit] = {}
        departments: dict[tuple[str, str], Unit] = {}  # (old province code, dept) → unit
        districts: dict[str, list[Unit]] = {}
        for row in old_rows:
            code, region = row[1], new_code_of[row[1]]
            ends = row[5] is not None
            committee = self.add(
                f"UBND-{code}", committee_name(row), "provincial_committee", province_id=row[0],
                parent=None, region=region, top=committee_name(row), valid_to=row[5],
            )  # fmt: skip
            committees[code] = committee
            for dcode, dname in DEPARTMENTS[:n_departments]:
                merging = any(dcode in olds for _c, _n, olds in DEPARTMENT_MERGES)
                departments[(code, dcode)] = self.add(
                    f"{dcode}-{code}", f"{dname} {row[2]}", "provincial_department",
                    province_id=row[0], parent=committee, region=region, top=committee.name,
                    valid_to=before_ministries if merging else (before_reform if ends else None),
                )  # fmt: skip
            # 01/03/2025: the pairs of departments merge (where both are kept at this scale).
            for mcode, mname, olds in DEPARTMENT_MERGES:
                before = [departments[(code, o)] for o in olds if (code, o) in departments]
                if not before:
                    continue
                merged = self.add(
                    f"{mcode}-{code}-2503", f"{mname} {row[2]}", "provincial_department",
                    province_id=row[0], parent=committee, region=region, top=committee.name,
                    valid_from=MINISTRY_REFORM, valid_to=before_reform if ends else None,
                )  # fmt: skip
                if len(before) == 1:
                    self.event("rename", MINISTRY_REFORM, f"{20 + len(self.events)}/QĐ-UBND",
                               before, [merged])  # fmt: skip
                else:
                    self.event("merge", MINISTRY_REFORM, f"{20 + len(self.events)}/QĐ-UBND",
                               before, [merged])  # fmt: skip
                for old_code in olds:
                    departments[(code, old_code)] = merged
            districts[code] = [
                self.add(
                    f"H-{code}-{n + 1:02d}",
                    f"Ủy ban nhân dân huyện {self.place()}",
                    "district_unit",
                    province_id=row[0],
                    parent=committee,
                    region=region,
                    top=committee.name,
                    valid_to=before_reform,
                )
                for n in range(districts_per_province)
            ]

        # 01/07/2025: the merged provinces' committees and departments.
        new_departments: dict[tuple[str, str], Unit] = {}
        new_committees: dict[str, Unit] = {}
        for row in new_rows:
            code = row[1]
            olds = [r[1] for r in old_rows if r[6] == row[0]]
            committee = self.add(
                f"UBND-{code}-2025", committee_name(row), "provincial_committee",
                province_id=row[0], parent=None, region=code, top=committee_name(row),
                valid_from=REFORM,
            )  # fmt: skip
            new_committees[code] = committee
            self.event("merge", REFORM, "202/2025/QH15", [committees[o] for o in olds], [committee])
            kinds = {departments[(o, d)].code.split("-")[0] for o in olds for d, _n in DEPARTMENTS
                     if (o, d) in departments}  # fmt: skip
            for dcode in sorted(kinds):
                before = sorted(
                    {departments[(o, d)].id: departments[(o, d)] for o in olds
                     for d, _n in DEPARTMENTS if (o, d) in departments
                     and departments[(o, d)].code.split("-")[0] == dcode}.values(),
                    key=lambda u: u.id,
                )  # fmt: skip
                dname = next((n for c, n, _o in DEPARTMENT_MERGES if c == dcode), None) or next(
                    n for c, n in DEPARTMENTS if c == dcode
                )
                merged = self.add(
                    f"{dcode}-{code}-2025", f"{dname} {row[2]}", "provincial_department",
                    province_id=row[0], parent=committee, region=code, top=committee.name,
                    valid_from=REFORM,
                )  # fmt: skip
                self.event("merge", REFORM, f"{100 + len(self.events)}/QĐ-UBND", before, [merged])
                for o in olds:
                    for d, _n in DEPARTMENTS:
                        if departments.get((o, d)) in before:
                            new_departments[(o, d)] = merged
        for row in old_rows:
            if row[5] is None:
                new_committees[row[1]] = committees[row[1]]
                for d, _n in DEPARTMENTS:
                    if (row[1], d) in departments:
                        new_departments[(row[1], d)] = departments[(row[1], d)]

        # Communes: about three old ones (per old province) into one new on 01/07/2025.
        olds_by_province: dict[str, list[Unit]] = {}
        codes = [row[1] for row in old_rows]
        for n in range(old_communes):
            code = codes[n % len(codes)]
            district = districts[code][rng.randrange(len(districts[code]))]
            row = next(r for r in old_rows if r[1] == code)
            word = "Phường" if rng.random() < 0.2 else "Xã"
            commune = self.add(
                f"X-{code}-{n // len(codes) + 1:05d}", f"Ủy ban nhân dân {word.lower()} "
                f"{self.place()}", "commune", province_id=row[0], parent=district,
                region=new_code_of[code], top=committees[code].name, valid_to=before_reform,
            )  # fmt: skip
            olds_by_province.setdefault(code, []).append(commune)
        for code, communes in olds_by_province.items():
            region = new_code_of[code]
            committee = new_committees[region]
            row_id = committee.province_id
            for k in range(0, len(communes), 3):
                before = communes[k : k + 3]
                word = "Phường" if rng.random() < 0.25 else "Xã"
                new = self.add(
                    f"XA-{code}-{k // 3 + 1:05d}-2025",
                    f"Ủy ban nhân dân {word.lower()} {self.place()}", "commune",
                    province_id=row_id, parent=committee, region=region, top=committee.name,
                    valid_from=REFORM,
                )  # fmt: skip
                decision = f"{1650 + codes.index(code)}/NQ-UBTVQH15"
                if len(before) > 1:
                    self.event("merge", REFORM, decision, before, [new])
                else:
                    self.event("rename", REFORM, decision, before, [new])
        # District units end with no successor: their staff go to a new commune of the region.

        # Public-service units; a few renamed or split; those of merged provinces transferred.
        psu_kind = Weighted(PSU_KINDS, [w for _n, _d, w in PSU_KINDS])
        for n in range(psus):
            if rng.random() < 0.08:
                ministry = central[rng.randrange(len(central))]
                self.add(
                    f"DV-TW-{n + 1:06d}", f"Trung tâm {self.place()} - {ministry.name}",
                    "public_service_unit", province_id=None, parent=ministry, region="TW",
                    top=ministry.name,
                )  # fmt: skip
                continue
            row = old_rows[rng.randrange(len(old_rows))]
            code = row[1]
            region = new_code_of[code]
            label, dept, _w = psu_kind.draw(rng)
            parent_key = (code, dept) if (code, dept) in new_departments else (
                code, DEPARTMENTS[0][0])  # fmt: skip
            parent = new_departments[parent_key]
            unit = self.add(
                f"DV-{code}-{n + 1:06d}", f"{label} {self.place()}", "public_service_unit",
                province_id=parent.province_id, parent=parent, region=region,
                top=new_committees[region].name,
            )  # fmt: skip
            last = [unit]
            roll = rng.random()
            if roll < 0.03 or roll > 0.995:
                on = dt.date(rng.randint(2013, 2024), rng.choice([1, 7, 9]), 1)
                unit.valid_to = on - ONE_DAY
                count = 1 if roll < 0.03 else 2
                last = [
                    self.add(
                        f"{unit.code}-{'R' if count == 1 else 'S'}{k + 1}",
                        f"{label} {self.place()}",
                        "public_service_unit",
                        province_id=parent.province_id,
                        parent=parent,
                        region=region,
                        top=unit.top,
                        valid_from=on,
                    )
                    for k in range(count)
                ]
                self.event("rename" if count == 1 else "split", on, f"{500 + n}/QĐ-UBND",
                           [unit], last)  # fmt: skip
            if region != code or parent.valid_from is not None:
                on = REFORM if region != code else MINISTRY_REFORM
                for moved in last:
                    self.event("transfer", on, f"{300 + n}/QĐ-UBND", [moved], [moved])

    def pools(self) -> tuple[dict[str, list[int]], dict[tuple[str, str], list[int]]]:
        by_kind: dict[str, list[int]] = {}
        by_region: dict[tuple[str, str], list[int]] = {}
        for unit in self.units:
            by_kind.setdefault(unit.kind, []).append(unit.id)
            by_region.setdefault((unit.kind, unit.region), []).append(unit.id)
        return by_kind, by_region


# --- writing ------------------------------------------------------------------------------------


class Writer:
    """Bulk rows into the tables of Django's default connection: COPY or executemany."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        self.rows = 0

    def write(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        self.rows += len(rows)
        if self.vendor == "postgresql":
            names = ", ".join(columns)
            with (
                self.connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" for _ in columns)
        self.connection.ensure_connection()
        raw = self.connection.connection
        assert raw is not None
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


class Buffered:
    """Rows of one table gathered and written ``size`` at a time, after those of ``parent``
    (rows never reference a parent not yet written: SQLite would look for orphans)."""

    def __init__(
        self,
        writer: Writer,
        table: str,
        columns: Sequence[str],
        size: int,
        parent: Buffered | None = None,
    ) -> None:
        self.writer, self.table, self.columns, self.size = writer, table, columns, size
        self.parent = parent
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.parent is not None:
            self.parent.flush()
        self.writer.write(self.table, self.columns, self.rows)
        self.count += len(self.rows)
        self.rows = []


def _columns(model: Any) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _check_columns(model: Any, wanted: Sequence[str]) -> None:
    have = _columns(model)
    if sorted(have) != sorted(wanted):
        raise RuntimeError(f"{model._meta.db_table}: columns changed: {have} != {list(wanted)}")


RECORD_COLUMNS = [
    "id", "created_at", "updated_at", "record_kind", "agency_id", "person_id", "award_id",
    "rating", "scope", "discipline_level", "award_type", "year", "start_date", "end_date",
    "decision_number", "decision_date", "issuer", "revoked_by_decision", "revoked_on", "note",
    "search_key", "identity",
]  # fmt: skip
AGENCY_COLUMNS = [
    "id", "created_at", "updated_at", "code", "name", "short_name", "kind", "province_id",
    "parent_id", "valid_from", "valid_to", "note", "search_key",
]  # fmt: skip
PERSON_COLUMNS = [
    "id", "created_at", "updated_at", "code", "full_name", "gender", "birth_year", "note",
    "search_key",
]  # fmt: skip
POSITION_COLUMNS = ["id", "person_id", "agency_id", "title", "from_date", "to_date"]
EVENT_COLUMNS = [
    "id", "created_at", "updated_at", "kind", "date", "decision_number", "note", "identity",
]  # fmt: skip


def _d(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


class Tables:
    """Ids to start from, column names, and the indexes set aside during a load."""

    def __init__(self, writer: Writer) -> None:
        from django.db.models import Max

        from thidua.awards.models import CommendationRecord
        from thidua.organizations.models import Agency, LineageEvent, Person, Position

        self.models: dict[str, Any] = {
            "record": CommendationRecord,
            "agency": Agency,
            "person": Person,
            "position": Position,
            "event": LineageEvent,
            "before": LineageEvent.predecessors.through,
            "after": LineageEvent.successors.through,
        }
        self.start = {
            name: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
            for name, model in self.models.items()
        }
        _check_columns(CommendationRecord, RECORD_COLUMNS)
        _check_columns(Agency, AGENCY_COLUMNS)
        _check_columns(Person, PERSON_COLUMNS)
        _check_columns(Position, POSITION_COLUMNS)
        _check_columns(LineageEvent, EVENT_COLUMNS)
        self.writer = writer
        self.set_aside: list[tuple[str, str]] = []  # (kind, SQL to run again)
        self.fts: list[str] = []

    def table(self, name: str) -> str:
        return str(self.models[name]._meta.db_table)

    def link_columns(self, name: str) -> list[str]:
        return _columns(self.models[name])

    def drop_secondary_indexes(self) -> None:
        """Set aside the secondary (non-unique) indexes and SQLite's full-text triggers."""
        tables = [self.table(n) for n in ("record", "person", "position", "agency")]
        with self.writer.connection.cursor() as cursor:
            if self.writer.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid "
                    "JOIN pg_class t ON t.oid = x.indrelid "
                    "WHERE t.relname = ANY(%s) AND NOT x.indisprimary AND NOT x.indisunique "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
                    [tables],
                )
                for name, definition in cursor.fetchall():
                    self.set_aside.append(("index", definition))
                    cursor.execute(f'DROP INDEX "{name}"')
                return
            for table in tables:
                cursor.execute(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s "
                    "AND type IN ('index', 'trigger') AND sql IS NOT NULL",
                    [table],
                )
                for kind, name, sql in cursor.fetchall():
                    if kind == "index" and sql.upper().startswith("CREATE UNIQUE"):
                        continue
                    self.set_aside.append((kind, sql))
                    cursor.execute(f'DROP {kind.upper()} "{name}"')
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE %s",
                    [f"%content='{table}'%"],
                )
                self.fts += [name for (name,) in cursor.fetchall()]

    def restore_indexes(self) -> None:
        with self.writer.connection.cursor() as cursor:
            if self.writer.vendor == "postgresql":
                # CREATE INDEX refuses a table with deferred foreign-key checks still queued in
                # the transaction (a caller's deletes, say): run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _kind, sql in self.set_aside:
                cursor.execute(sql)
            for fts in self.fts:
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        self.set_aside, self.fts = [], []

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        connection = self.writer.connection
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.models.values()))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# --- people and their history ------------------------------------------------------------------


class People:
    """Draws people, their positions and their records, and counts members per agency-year."""

    def __init__(
        self,
        settings: Settings,
        rng: random.Random,
        org: Organisation,
        awards: dict[str, int],
        vendor: str,
        stamp: str,
    ) -> None:
        self.s = settings
        self.rng = rng
        self.org = org
        self.unit = {u.id: u for u in org.units}
        self.by_kind, self.by_region = org.pools()
        self.kind = Weighted(
            [k for k, _w in KIND_SHARES if k in self.by_kind],
            [w for k, w in KIND_SHARES if k in self.by_kind],
        )
        self.awards = awards
        self.vendor = vendor
        self.stamp = stamp
        self.aptitude = Weighted(APTITUDES, [a[0] for a in APTITUDES])
        self.rating_draw = [Weighted(RATINGS, a[1]) for a in APTITUDES]
        self.scope = Weighted(
            [s for s, _w in INITIATIVE_SCOPES], [w for _s, w in INITIATIVE_SCOPES]
        )
        self.level = Weighted(DISCIPLINE_LEVELS, [w for _l, w, _d in DISCIPLINE_LEVELS])
        self.members: dict[tuple[int, int], list[int]] = {}
        self._keys: dict[tuple[str, str, str], str] = {}
        self.family: dict[str, int] = {}
        self.record_id = 0
        self.revoked = 0
        self.seen: set[str] = set()  # identities of the recipient being written
        self.horizon = settings.as_of

    # --- agencies a person works in

    def pick(self, day: dt.date, region: str | None = None, kind: str | None = None) -> int:
        rng = self.rng
        kind = kind or self.kind.draw(rng)
        pool = self.by_region.get((kind, region), []) if region else []
        if not pool or rng.random() < 0.15:
            pool = self.by_kind[kind]
        for _ in range(30):
            pk = pool[rng.randrange(len(pool))]
            if self.unit[pk].active_on(day):
                return pk
        for _ in range(60):
            pk = self.pick_any(day)
            if pk:
                return pk
        return pool[0]

    def pick_any(self, day: dt.date) -> int:
        kinds = self.kind.choices
        pool = self.by_kind[kinds[self.rng.randrange(len(kinds))]]
        pk = pool[self.rng.randrange(len(pool))]
        return pk if self.unit[pk].active_on(day) else 0

    def successor(self, pk: int, day: dt.date) -> int:
        unit = self.unit[pk]
        if unit.successors:
            return unit.successors[self.rng.randrange(len(unit.successors))]
        return self.pick(day, unit.region, "commune")  # a district unit: to a new commune

    def career(self) -> tuple[list[tuple[int, dt.date, dt.date | None]], dt.date | None]:
        """Positions (agency, from, to) and the day the person left, if they did."""
        rng = self.rng
        first = self.s.first_year
        if rng.random() < 0.72:
            start = dt.date(rng.randint(first - 22, first - 1), rng.randint(1, 12), 1)
        else:
            start = dt.date(rng.randint(first, self.s.judged_year), rng.randint(1, 12), 1)
        floor = max(start, dt.date(first, 12, 31))
        leave: dt.date | None = floor
        while leave is not None and leave <= floor:  # in post at the end of the first year
            leave = start + dt.timedelta(days=int(rng.expovariate(P_LEAVE) * 365) + 30)
            if leave > self.horizon:
                leave = None
        segments: list[tuple[int, dt.date, dt.date | None]] = []
        at = start
        pk = self.pick(at)
        while True:
            moves = at + dt.timedelta(days=int(rng.expovariate(P_MOVE) * 365) + 1)
            ends = self.unit[pk].valid_to
            options = [d for d in (leave, ends + ONE_DAY if ends else None, moves) if d]
            change = min(options)
            if change > self.horizon:
                segments.append((pk, at, None))
                return segments, None
            if change == leave:
                segments.append((pk, at, leave))
                return segments, leave
            segments.append((pk, at, change - ONE_DAY))
            if ends is not None and change == ends + ONE_DAY:
                pk = self.successor(pk, change)
            else:
                pk = self.pick(change, self.unit[pk].region)
            at = change

    # --- records

    def key(self, decision: str, issuer: str, note: str) -> str:
        from thidua.awards.models import CommendationRecord

        cache_key = (decision, issuer, note)
        found = self._keys.get(cache_key)
        if found is None:
            found = CommendationRecord.make_search_key(decision, issuer, note)
            if len(self._keys) < 200_000:
                self._keys[cache_key] = found
        return found

    def record(
        self,
        out: Buffered,
        *,
        kind: str,
        person: int | None,
        agency: int | None,
        value: str,
        year: int | None,
        decision: str,
        decided: dt.date,
        issuer: str,
        award_type: str = "cong_trang",
        start: dt.date | None = None,
        end: dt.date | None = None,
        note: str = "",
        revocable: bool = False,
    ) -> None:
        self.record_id += 1
        recipient = f"person:{person}" if person else f"collective:{agency}"
        identity = "|".join([kind, recipient, value, "" if year is None else str(year), decision])
        while identity in self.seen:  # two periods drew the same decision number
            decision += "-b"
            identity = "|".join(
                [kind, recipient, value, "" if year is None else str(year), decision]
            )
        self.seen.add(identity)
        revoked_by, revoked_on = "", None
        if revocable and self.rng.random() < P_REVOKED:
            revoked_by = f"{self.rng.randint(1, 400)}/QĐ-TH"
            revoked_on = _d(decided + dt.timedelta(days=self.rng.randint(100, 700)))
            self.revoked += 1
        out.add(
            (
                self.record_id,
                self.stamp,
                self.stamp,
                kind,
                agency,
                person,
                self.awards[value] if kind == "award" else None,
                value if kind == "rating" else "",
                value if kind == "initiative" else "",
                value if kind == "discipline" else "",
                award_type,
                year,
                _d(start),
                _d(end),
                decision,
                _d(decided),
                issuer,
                revoked_by,
                revoked_on,
                note,
                self.key(decision, issuer, note),
                identity,
            )
        )

    def person(
        self, pk: int, people: Buffered, positions: Buffered, records: Buffered, position_id: int
    ) -> int:
        """Write one person; returns the next position id."""
        from thidua.core.text import fold

        rng = self.rng
        self.seen = set()
        gender = "nu" if rng.random() < 0.56 else "nam"
        name = full_name(rng, gender)
        family = name.split(" ", 1)[0]
        self.family[family] = self.family.get(family, 0) + 1
        code = f"CB{pk:08d}"
        segments, left = self.career()
        birth = min(segments[0][1].year - rng.randint(22, 35), 2003)
        people.add(
            (pk, self.stamp, self.stamp, code, name, gender, birth, "", fold(f"{name} {code}"))
        )
        for agency, start, end in segments:
            titles = POSITION_TITLES[self.unit[agency].kind]
            positions.add(
                (position_id, pk, agency, titles[rng.randrange(len(titles))], _d(start), _d(end))
            )
            position_id += 1
        if left is not None and rng.random() < 0.04:  # dismissed: an open discipline
            unit = self.unit[segments[-1][0]]
            self.record(
                records, kind="discipline", person=pk, agency=None, value="buoc_thoi_viec",
                year=left.year, decision=f"{rng.randint(1, 300)}/QĐ-KL", decided=left,
                issuer=unit.name, start=left, end=None, note="Vi phạm kỷ luật",
            )  # fmt: skip
        self.history(pk, segments, records)
        return position_id

    def history(
        self, pk: int, segments: list[tuple[int, dt.date, dt.date | None]], out: Buffered
    ) -> None:
        rng, s = self.rng, self.s
        aptitude = self.aptitude.draw(rng)
        draw_rating = self.rating_draw[APTITUDES.index(aptitude)]
        p_initiative = aptitude[2]
        judged = s.judged_year
        floor = 0  # chains break up to and including this year
        barred: set[int] = set()  # years with a discipline of canh_cao or above
        cstdcs: set[int] = set()
        cstdbo: set[int] = set()
        htxsnv: set[int] = set()
        bkb: list[int] = []
        initiatives: dict[int, list[str]] = {}
        last_bo = last_tq = last_bkb = last_ttg = 0
        for year in range(s.first_year, judged + 1):
            year_end = dt.date(year, 12, 31)
            agency = next(
                (a for a, f, t in segments if f <= year_end and (t is None or t >= year_end)), None
            )
            if agency is None:
                continue
            unit = self.unit[agency]
            issuer, top = unit.name, unit.top
            code = unit.code
            # Periods first: they decide what the year may hold.
            if rng.random() < P_DISCIPLINE:
                level, _w, days = self.level.draw(rng)
                start = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
                end = start + dt.timedelta(days=days)
                self.record(
                    out, kind="discipline", person=pk, agency=None, value=level, year=year,
                    decision=f"{rng.randint(1, 300)}/QĐ-KL", decided=start, issuer=issuer,
                    start=start, end=end, note="Vi phạm quy định",
                )  # fmt: skip
                floor = max(floor, end.year)
                if LEVEL_ORDER.index(level) >= 1:
                    barred.update(range(start.year, end.year + 1))
            if rng.random() < P_BLOCKER:
                opened = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                closed: dt.date | None = opened + dt.timedelta(days=rng.randint(60, 300))
                if year == judged and rng.random() < 0.4:
                    closed = None
                self.record(
                    out, kind="blocker", person=pk, agency=None, value="", year=None,
                    decision=f"{rng.randint(1, 300)}/QĐ-TTr", decided=opened, issuer=top,
                    start=opened, end=closed, note="Đang thanh tra",
                )  # fmt: skip
            rating = draw_rating.draw(rng)
            if year in barred and rating in ("htxsnv", "httnv"):
                rating = "htnv"
            january = dt.date(year + 1, 1, rng.randint(5, 25))
            self.record(
                out, kind="rating", person=pk, agency=None, value=rating, year=year,
                decision=f"01/QĐ-{code}", decided=dt.date(year, 12, 28), issuer=issuer,
            )  # fmt: skip
            if rating == "htxsnv":
                htxsnv.add(year)
            if rng.random() < p_initiative:
                scope = self.scope.draw(rng)
                initiatives.setdefault(year, []).append(scope)
                self.record(
                    out, kind="initiative", person=pk, agency=None, value=scope, year=year,
                    decision=f"05/QĐ-HĐSK-{code}" if scope == "co_so" else f"09/QĐ-HĐSK-{scope}",
                    decided=dt.date(year, 11, 20), issuer=issuer if scope == "co_so" else top,
                )  # fmt: skip
            members = self.members.setdefault((agency, year), [0, 0, 0, 0, 0])
            members[0] += 1
            members[2] += rating != "khtnv"
            members[4] += year in barred
            if year in barred or rating not in ("htxsnv", "httnv"):
                continue
            granted_ldtt = rng.random() < 0.92
            if granted_ldtt:
                members[1] += 1
                self.record(
                    out, kind="award", person=pk, agency=None, value="lao_dong_tien_tien",
                    year=year, decision=f"02/QĐ-{code}", decided=january, issuer=issuer,
                    revocable=True,
                )  # fmt: skip
            elif year == judged:
                members[1] += 1  # derived from the rating in the judged year
            if granted_ldtt and (rating == "htxsnv" or year in initiatives) and rng.random() < 0.6:
                cstdcs.add(year)
                members[3] += 1
                self.record(
                    out, kind="award", person=pk, agency=None, value="chien_si_thi_dua_co_so",
                    year=year, decision=f"03/QĐ-{code}", decided=january, issuer=issuer,
                    revocable=True,
                )  # fmt: skip
            if rng.random() < 0.06:
                award_type = ("cong_trang", "chuyen_de", "dot_xuat")[
                    bisect.bisect_right([0.7, 0.9], rng.random())
                ]
                self.record(
                    out, kind="award", person=pk, agency=None, value="giay_khen", year=year,
                    decision=f"04/QĐ-{code}-{award_type}", decided=january, issuer=issuer,
                    award_type=award_type,
                )  # fmt: skip
            if year == judged:
                continue  # the ministry-level titles of the judged year are what is evaluated
            spring = dt.date(year + 1, rng.randint(3, 5), rng.randint(1, 28))

            def chain(years: range, have: set[int], after: int, floor: int = floor) -> bool:
                return all(y in have and y > floor and y > after for y in years)

            def scopes(years: range) -> list[str]:
                return [sc for y in years for sc in initiatives.get(y, [])]

            if (
                chain(range(year - 2, year + 1), cstdcs, last_bo)
                and any(sc in ("bo", "toan_quoc") for sc in scopes(range(year - 2, year + 1)))
                and rng.random() < 0.65
            ):
                cstdbo.add(year)
                last_bo = year
                self.record(
                    out, kind="award", person=pk, agency=None, value="chien_si_thi_dua_bo",
                    year=year, decision=f"12/QĐ-{unit.region}", decided=spring, issuer=top,
                    revocable=True,
                )  # fmt: skip
                if (
                    year - 3 in cstdbo
                    and year - 3 > last_tq
                    and year - 3 > floor
                    and "toan_quoc" in scopes(range(year - 5, year + 1))
                    and rng.random() < 0.5
                ):
                    last_tq = year
                    self.record(
                        out, kind="award", person=pk, agency=None,
                        value="chien_si_thi_dua_toan_quoc", year=year, decision="1/QĐ-TTg",
                        decided=dt.date(year + 1, 9, 2), issuer="Thủ tướng Chính phủ",
                    )  # fmt: skip
            if (
                chain(range(year - 1, year + 1), cstdcs, last_bkb)
                or (
                    chain(range(year - 1, year + 1), htxsnv, last_bkb)
                    and len(scopes(range(year - 1, year + 1))) >= 2
                )
            ) and rng.random() < 0.3:
                last_bkb = year
                bkb.append(year)
                self.record(
                    out, kind="award", person=pk, agency=None, value="bang_khen_bo", year=year,
                    decision=f"15/QĐ-{unit.region}", decided=spring, issuer=top, revocable=True,
                )  # fmt: skip
            elif rng.random() < 0.01:  # a thematic commendation: counts toward nothing
                self.record(
                    out, kind="award", person=pk, agency=None, value="bang_khen_bo", year=year,
                    decision=f"16/QĐ-{unit.region}-cd", decided=spring, issuer=top,
                    award_type="chuyen_de",
                )  # fmt: skip
            if (
                any(y <= year - 5 for y in bkb)
                and chain(range(year - 4, year + 1), htxsnv, last_ttg)
                and len(scopes(range(year - 4, year + 1))) >= 5
                and rng.random() < 0.5
            ):
                last_ttg = year
                self.record(
                    out, kind="award", person=pk, agency=None, value="bang_khen_thu_tuong",
                    year=year, decision="2/QĐ-TTg", decided=dt.date(year + 1, 8, 15),
                    issuer="Thủ tướng Chính phủ",
                )  # fmt: skip

    def collectives(self, out: Buffered) -> None:
        """Every agency's yearly rating and collective titles, from its members' figures."""
        rng, s = self.rng, self.s
        rating_draw = Weighted(RATINGS, [30, 60, 8, 2])
        for unit in self.org.units:
            self.seen = set()
            last_bkb = 0
            good: set[int] = set()
            for year in range(s.first_year, s.judged_year + 1):
                if not unit.active_on(dt.date(year, 12, 31)):
                    continue
                count, ldtt, completed, cstdcs, barred = self.members.get(
                    (unit.id, year), [0, 0, 0, 0, 0]
                )
                rating = rating_draw.draw(rng)
                january = dt.date(year + 1, 1, rng.randint(5, 25))
                issuer = unit.top
                self.record(
                    out, kind="rating", person=None, agency=unit.id, value=rating, year=year,
                    decision=f"01/QĐ-XLTT-{unit.region}", decided=dt.date(year, 12, 30),
                    issuer=issuer,
                )  # fmt: skip
                if rng.random() < 0.002:
                    start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                    self.record(
                        out, kind="blocker", person=None, agency=unit.id, value="", year=None,
                        decision=f"{rng.randint(1, 99)}/QĐ-TTr", decided=start, issuer=issuer,
                        start=start, end=start + dt.timedelta(days=rng.randint(60, 240)),
                        note="Thanh tra công vụ",
                    )  # fmt: skip
                members_ok = count > 0 and ldtt * 100 >= 70 * count and barred == 0
                if rating in ("htxsnv", "httnv") and members_ok and rng.random() < 0.85:
                    self.record(
                        out, kind="award", person=None, agency=unit.id,
                        value="tap_the_lao_dong_tien_tien", year=year,
                        decision=f"06/QĐ-TT-{unit.region}", decided=january, issuer=issuer,
                        revocable=True,
                    )  # fmt: skip
                if year == s.judged_year:
                    continue
                spring = dt.date(year + 1, rng.randint(3, 5), rng.randint(1, 28))
                excellent = (
                    rating == "htxsnv"
                    and members_ok
                    and completed == count
                    and cstdcs >= 1
                    and rng.random() < 0.7
                )
                if excellent:
                    self.record(
                        out, kind="award", person=None, agency=unit.id,
                        value="tap_the_lao_dong_xuat_sac", year=year,
                        decision=f"07/QĐ-TT-{unit.region}", decided=spring, issuer=issuer,
                        revocable=True,
                    )  # fmt: skip
                    if rng.random() < 0.03:
                        self.record(
                            out, kind="award", person=None, agency=unit.id,
                            value="co_thi_dua_bo", year=year,
                            decision=f"08/QĐ-TT-{unit.region}", decided=spring, issuer=issuer,
                        )  # fmt: skip
                if rating == "htxsnv" or excellent:
                    good.add(year)
                if (
                    year in good
                    and year - 1 in good
                    and year - 1 > last_bkb
                    and rng.random() < 0.25
                ):
                    last_bkb = year
                    self.record(
                        out, kind="award", person=None, agency=unit.id, value="bang_khen_bo",
                        year=year, decision=f"15/QĐ-TT-{unit.region}", decided=spring,
                        issuer=issuer,
                    )  # fmt: skip
                if rng.random() < 0.05:
                    self.record(
                        out, kind="award", person=None, agency=unit.id, value="giay_khen",
                        year=year, decision=f"04/QĐ-TT-{unit.region}", decided=january,
                        issuer=issuer, award_type="chuyen_de",
                    )  # fmt: skip


# --- disk ----------------------------------------------------------------------------------------


def estimate_bytes(scale: int, vendor: str, years: int = YEARS) -> int:
    """About how much disk ``scale`` people take, indexes included."""
    records = scale * RECORDS_PER_PERSON * years / YEARS
    return int(records * BYTES_PER_RECORD.get(vendor, 560) + scale * BYTES_PER_PERSON)


def free_bytes() -> tuple[int, str]:
    """Free bytes where the database's files are (as far as this process can see them)."""
    from django.db import connection

    path = "/"
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        path = str(Path(name).parent) if name and "memory" not in name else "/tmp"
    else:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW data_directory")
                path = cursor.fetchone()[0]
        except Exception:  # not allowed to see it: the root file system
            path = "/"
        if not os.path.exists(path):
            path = "/"
    return shutil.disk_usage(path).free, path


def check_disk(scale: int, years: int, *, out: Callable[[str], None] = print) -> None:
    from django.db import connection

    needed = estimate_bytes(scale, connection.vendor, years)
    free, where = free_bytes()
    out(
        f"disk: {scale:,} people need about {needed / 1e9:.2f} GB on {connection.vendor}; "
        f"{free / 1e9:.1f} GB free at {where}"
    )
    if needed * 1.2 > free:
        raise SystemExit(
            f"not enough free disk for --scale {scale}: need about {needed / 1e9:.1f} GB "
            f"(+20 %), have {free / 1e9:.1f} GB"
        )


# --- the whole ----------------------------------------------------------------------------------


def generate(
    settings: Settings,
    *,
    bulk_indexes: bool | None = None,
    out: Callable[[str], None] = print,
    check_free_disk: bool = True,
) -> Summary:
    """Write the synthetic history for ``settings`` into Django's default database.

    ``bulk_indexes`` sets the secondary indexes aside during the load (default: from 20,000
    people up). Deterministic: the same settings write the same rows.
    """
    from django.db import connection, transaction

    from thidua.awards.models import AwardTitle
    from thidua.organizations.models import Province

    if check_free_disk:
        check_disk(settings.scale, settings.years, out=out)
    summary = Summary(settings)
    rng = random.Random(settings.seed)
    started = time.perf_counter()
    if bulk_indexes is None:
        bulk_indexes = settings.scale >= 20_000
    vendor = connection.vendor
    stamp = STAMP.isoformat() if vendor == "postgresql" else STAMP.strftime("%Y-%m-%d %H:%M:%S")
    if vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = OFF")
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
            cursor.execute("PRAGMA temp_store = MEMORY")
            # Checked row by row only when the load runs inside a caller's transaction (the
            # smoke tests): the generator writes no row whose parent is missing.
            cursor.execute("PRAGMA foreign_keys = OFF")

    writer = Writer()
    with transaction.atomic():
        replica = False
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                replica = bool(cursor.fetchone()[0])
                if replica:  # no per-row foreign-key triggers during the load
                    cursor.execute("SET LOCAL session_replication_role = replica")
        tables = Tables(writer)
        if bulk_indexes:
            tables.drop_secondary_indexes()
        provinces = list(
            Province.objects.order_by("id").values_list(
                "id", "code", "name", "is_city", "valid_from", "valid_to", "merged_into_id"
            )
        )
        org = Organisation(settings.scale, rng, provinces)
        _write_organisation(org, tables, writer, stamp)
        summary.counts["agencies"] = len(org.units)
        summary.counts["lineage_events"] = len(org.events)
        summary.seconds["organisation"] = time.perf_counter() - started

        awards = dict(AwardTitle.objects.values_list("code", "id"))
        people = People(settings, rng, org, awards, vendor, stamp)
        people.record_id = tables.start["record"] - 1
        size = 20_000
        person_rows = Buffered(writer, tables.table("person"), PERSON_COLUMNS, size)
        position_rows = Buffered(
            writer, tables.table("position"), POSITION_COLUMNS, size, person_rows
        )
        record_rows = Buffered(
            writer, tables.table("record"), RECORD_COLUMNS, 5 * size, person_rows
        )
        position_id = tables.start["position"]
        first = tables.start["person"]
        report_every = max(1, settings.scale // 10)
        for n in range(settings.scale):
            position_id = people.person(
                first + n, person_rows, position_rows, record_rows, position_id
            )
            if (n + 1) % report_every == 0 and settings.scale >= 50_000:
                out(
                    f"  {n + 1:,} people, {record_rows.count + len(record_rows.rows):,} records "
                    f"({time.perf_counter() - started:.0f} s)"
                )
        people.collectives(record_rows)
        for buffer in (person_rows, position_rows, record_rows):
            buffer.flush()
        summary.seconds["rows"] = time.perf_counter() - started - summary.seconds["organisation"]
        summary.counts["people"] = person_rows.count
        summary.counts["positions"] = position_rows.count
        summary.counts["records"] = record_rows.count
        summary.counts["revoked"] = people.revoked
        summary.family_names = dict(sorted(people.family.items(), key=lambda kv: -kv[1]))
        marked = time.perf_counter()
        if bulk_indexes:
            tables.restore_indexes()
        tables.reset_sequences()
        if replica:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
        summary.seconds["indexes"] = time.perf_counter() - marked
    marked = time.perf_counter()
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("ANALYZE")
    summary.seconds["analyze"] = time.perf_counter() - marked
    summary.seconds["total"] = time.perf_counter() - started
    return summary


def _write_organisation(org: Organisation, tables: Tables, writer: Writer, stamp: str) -> None:
    from thidua.organizations.models import LineageEvent
    from thidua.organizations.selectors import agency_search_key

    offset = tables.start["agency"] - 1
    if offset:  # ids follow what the table already holds
        for unit in org.units:
            unit.id += offset
            unit.parent_id = unit.parent_id + offset if unit.parent_id else None
            unit.successors = [pk + offset for pk in unit.successors]
        for event in org.events:
            event.predecessors = [pk + offset for pk in event.predecessors]
            event.successors = [pk + offset for pk in event.successors]
    writer.write(
        tables.table("agency"),
        AGENCY_COLUMNS,
        [
            (u.id, stamp, stamp, u.code, u.name, "", u.kind, u.province_id, u.parent_id,
             _d(u.valid_from), _d(u.valid_to), "", agency_search_key(u.code, u.name, ""))
            for u in org.units
        ],
    )  # fmt: skip
    code = {u.id: u.code for u in org.units}
    event_id = tables.start["event"]
    events, before, after = [], [], []
    before_id, after_id = tables.start["before"], tables.start["after"]
    for n, event in enumerate(org.events):
        pk = event_id + n
        identity = LineageEvent.make_identity(
            event.kind,
            event.date,
            [code[a] for a in event.predecessors],
            [code[a] for a in event.successors],
        )
        events.append((pk, stamp, stamp, event.kind, _d(event.date), event.decision, "", identity))
        for agency in event.predecessors:
            before.append((before_id, pk, agency))
            before_id += 1
        for agency in event.successors:
            after.append((after_id, pk, agency))
            after_id += 1
    writer.write(tables.table("event"), EVENT_COLUMNS, events)
    for name, rows in (("before", before), ("after", after)):
        columns = tables.link_columns(name)  # id, lineageevent_id, agency_id
        assert columns == ["id", "lineageevent_id", "agency_id"], columns
        writer.write(tables.table(name), columns, rows)


def format_summary(summary: Summary) -> str:
    s = summary.settings
    c = summary.counts
    total = sum(summary.family_names.values()) or 1
    top = ", ".join(
        f"{name} {count * 100 / total:.1f} %"
        for name, count in list(summary.family_names.items())[:6]
    )
    lines = [
        f"scale {s.scale:,} people, seed {s.seed}, years {s.first_year}–{s.judged_year} "
        f"(evaluated as of {s.as_of:%d/%m/%Y})",
        f"agencies {c.get('agencies', 0):,}  lineage events {c.get('lineage_events', 0):,}  "
        f"people {c.get('people', 0):,}  positions {c.get('positions', 0):,}  "
        f"records {c.get('records', 0):,} ({c.get('records', 0) / max(1, c.get('people', 1)):.1f}"
        f" per person; {c.get('revoked', 0):,} revoked)",
        f"family names: {top}",
        "seconds: "
        + ", ".join(f"{k} {v:.1f}" for k, v in summary.seconds.items())
        + f" ({c.get('records', 0) / max(summary.seconds.get('rows', 0), 1e-9):,.0f} "
        "records/s while writing rows)",
    ]
    return "\n".join(lines)


def setup_django(database_url: str) -> None:
    """Django on ``database_url`` (read once by ``django.setup()``), migrated."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = database_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=10_000, help="people (default 10,000)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--judged-year", type=int, default=JUDGED_YEAR)
    parser.add_argument("--database-url", required=True, help="sqlite:////… or postgres://…")
    parser.add_argument("--estimate", action="store_true", help="only say what the scale needs")
    args = parser.parse_args(argv)
    if args.scale < 1 or args.years < 6:
        parser.error("need at least one person and six years")
    from django.db import OperationalError

    try:
        setup_django(args.database_url)
    except OperationalError as error:
        parser.error(f"cannot open {args.database_url} (on PostgreSQL, create it first): {error}")
    settings = Settings(args.scale, args.seed, args.judged_year, args.years)
    if args.estimate:
        check_disk(settings.scale, settings.years)
        return 0
    summary = generate(settings)
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
