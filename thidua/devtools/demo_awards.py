"""The demo's commendation histories, 2018–2025, written through the history import.

The members of cluster XI (the old departments up to 30/06/2025, the three merged ones from
01/07/2025, and Sóc Trăng, which merged into Cần Thơ) and their staff get yearly ratings, the
titles that follow from them by the rules of DOMAIN.md §5 (Lao động tiên tiến, Chiến sĩ thi đua
cơ sở, Tập thể lao động tiên tiến / xuất sắc are derived here from the ratings, the initiatives
and the members), initiatives with scopes, and a few hand-written stories: higher titles, one
discipline, one open inspection, one revoked award, ad-hoc and thematic awards that do not count
toward higher ones. The rows go through :func:`thidua.awards.services.record_import` as an
in-memory CSV, like a real import; decision numbers are unique per issuer and year.

Each old department of the cluster gets two or three more staff (people ``CN-0101`` to
``CN-0118``, with positions in the old department and from 01/07/2025 in the merged one; one
retires in 2024), and the merged Cần Thơ a probationer (``CN-0119``), so that collectives have
six to ten members to count, the merged ones more.
Their titles are never "Giám đốc" or "Phó Giám đốc" (the covenant demo picks its signatories by
those titles). Everything is made up and says so (``(dữ liệu mẫu)`` in every note).

:data:`INTENDED` lists the verdicts the demo is built to show, each on the day its proposal
would be judged; ``thidua/devtools/tests/test_demo_awards.py`` checks them with the engine.
Running the seed again adds nothing: when every row is already stored, no import is made.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from thidua.awards.models import CommendationRecord
from thidua.awards.services import IMPORT_COLUMNS, record_import
from thidua.devtools.demo import DEMO_NOTE, REFORM_DAY
from thidua.organizations.models import Agency, Person, Position
from thidua.organizations.services import PersonValues, person_create, position_add

FIRST_YEAR, LAST_YEAR = 2018, 2025
MARK = "(dữ liệu mẫu)"
VERDICTS_AS_OF = dt.date(2026, 6, 30)
"""From this day on every decision of the demo is known and the open inspection is open."""
FILENAME = "qua-trinh-khen-thuong-mau.csv"

# old department → merged department (Sóc Trăng is no cluster member but merged into Cần Thơ)
SUCCESSOR = {
    "SCT-AG": "SCT-AG-2025",
    "SCT-KG": "SCT-AG-2025",
    "SCT-CT": "SCT-CT-2025",
    "SCT-HG": "SCT-CT-2025",
    "SCT-ST": "SCT-CT-2025",
    "SCT-BL": "SCT-CM-2025",
    "SCT-CM": "SCT-CM-2025",
}
AGENCIES = [*SUCCESSOR, "SCT-AG-2025", "SCT-CT-2025", "SCT-CM-2025"]

RATING = {"x": "htxsnv", "t": "httnv", "h": "htnv", "k": "khtnv"}
RATING_LABEL = {
    "htxsnv": "Hoàn thành xuất sắc nhiệm vụ",
    "httnv": "Hoàn thành tốt nhiệm vụ",
    "htnv": "Hoàn thành nhiệm vụ",
    "khtnv": "Không hoàn thành nhiệm vụ",
}
GOOD = {"httnv", "htxsnv"}
LEADERS = {"Giám đốc", "Phó Giám đốc"}
"""Titles whose holders the provincial committee rates and commends, not the department."""


@dataclass(frozen=True)
class Staff:
    """A demo person added here: the position in ``agency`` from ``since``; from 01/07/2025 in
    its merged successor, unless the person left before (``until``). ``ratings`` is the first
    year then one letter a year (x htxsnv, t httnv, h htnv, k khtnv, . none); without it the
    ratings are drawn like everyone else's."""

    code: str
    name: str
    gender: str
    born: int
    title: str
    agency: str
    since: dt.date
    ratings: str = ""
    until: dt.date | None = None
    note: str = DEMO_NOTE


def _table(text: str, fields: int) -> list[list[str]]:
    """Rows of ``fields`` fields separated by ``|``; an indented line continues the last field
    of the row above."""
    rows: list[list[str]] = []
    for line in text.strip("\n").splitlines():
        if line.startswith(" "):
            rows[-1][-1] += " " + line.strip()
        else:
            rows.append([field.strip() for field in line.split("|", fields - 1)])
    return rows


def _day(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


RETIRED = "Nghỉ hưu từ 01/11/2024."
PROBATION = (
    "Tuyển dụng công chức từ 01/10/2025, đang tập sự: công tác chưa đủ 6 tháng trong năm 2025 "
    "nên không đánh giá, xếp loại chất lượng năm 2025."
)
# code|name|gender|born|agency|since|until|ratings|title, then the person's note, if any.
# An Giang: Lâm Thị Ngọc Hân (Chiến sĩ thi đua cấp tỉnh 2022, then a new three-year chain).
# Kiên Giang: Trương Quốc Bảo (under inspection since 10/02/2026); Dương Thị Mỹ Tiên (her
# 2022–2024 chain was used for the 2024 title). Cần Thơ: Châu Minh Triết (the star). Hậu Giang:
# Ngô Thanh Phong (reprimanded in 2022). Bạc Liêu: Quách Thị Bích Trâm (2024 title revoked).
# Cà Mau: Tăng Văn Nghĩa (htnv in 2025), Võ Thị Thanh Tâm (httnv, no initiative). Cần Thơ
# (merged): Thạch Thị Minh Thư, recruited 01/10/2025, a member with no 2025 rating.
STAFF = [
    Staff(
        code=row[0],
        name=row[1],
        gender=row[2],
        born=int(row[3]),
        agency=row[4],
        since=_day(row[5]),
        until=_day(row[6]) if row[6] else None,
        ratings=row[7],
        title=row[8].split(" / ")[0],
        note=f"{row[8].split(' / ')[1]} {DEMO_NOTE}" if " / " in row[8] else DEMO_NOTE,
    )
    for row in _table(
        f"""
CN-0101|Lâm Thị Ngọc Hân|nu|1984|SCT-AG|01/09/2009||2019 txxxxxx|Trưởng phòng Quản lý thương mại
CN-0102|Phan Văn Thắng|nam|1979|SCT-AG|01/03/2011|||Phó Chánh Văn phòng
CN-0103|Đỗ Thị Cẩm Tú|nu|1992|SCT-AG|01/08/2016|||Chuyên viên Phòng Quản lý công nghiệp
CN-0104|Trương Quốc Bảo|nam|1981|SCT-KG|01/05/2010||2019 tttttxt|Phó Trưởng phòng Quản lý
  năng lượng
CN-0105|Dương Thị Mỹ Tiên|nu|1986|SCT-KG|01/10/2010||2019 txxxxxx|Trưởng phòng Kỹ thuật an
  toàn – Môi trường
CN-0106|Danh Văn Sang|nam|1990|SCT-KG|01/02/2015|||Chuyên viên Phòng Quản lý thương mại
CN-0107|Châu Minh Triết|nam|1978|SCT-CT|01/08/2006||2018 xxxxxxxx|Trưởng phòng Quản lý thương
  mại
CN-0108|Mai Thị Thanh Thúy|nu|1988|SCT-CT|01/06/2012|||Chuyên viên chính Văn phòng Sở
CN-0109|Hồ Văn Khải|nam|1991|SCT-CT|01/03/2017|||Chuyên viên Phòng Quản lý năng lượng
CN-0110|Ngô Thanh Phong|nam|1975|SCT-HG|01/04/2008||2018 xxxxkxxx|Phó Trưởng phòng Quản lý
  công nghiệp
CN-0111|Lý Thị Hồng Nhung|nu|1987|SCT-HG|01/09/2014|||Chuyên viên Phòng Quản lý thương mại
CN-0112|Đoàn Văn Lực|nam|1964|SCT-HG|01/01/2005|31/10/2024||Chuyên viên chính Thanh tra Sở /
  {RETIRED}
CN-0113|Quách Thị Bích Trâm|nu|1989|SCT-BL|01/07/2013||2019 ttxtxtx|Chuyên viên chính Phòng
  Quản lý thương mại
CN-0114|Tô Hoàng Nam|nam|1985|SCT-BL|01/11/2011|||Phó Trưởng phòng Quản lý năng lượng
CN-0115|Huỳnh Thị Kim Phượng|nu|1993|SCT-BL|01/04/2018|||Chuyên viên Văn phòng Sở
CN-0116|Tăng Văn Nghĩa|nam|1983|SCT-CM|01/01/2012||2019 tttttth|Chuyên viên Phòng Quản lý
  công nghiệp
CN-0117|Võ Thị Thanh Tâm|nu|1990|SCT-CM|01/05/2015||2019 ttttttt|Chuyên viên Phòng Kỹ thuật
  an toàn – Môi trường
CN-0118|Phạm Hoàng Duy|nam|1987|SCT-CM|01/08/2013|||Phó Chánh Thanh tra Sở
CN-0119|Thạch Thị Minh Thư|nu|2001|SCT-CT-2025|01/10/2025||2025 .|Chuyên viên (tập sự) /
  {PROBATION}
""",
        9,
    )
]

# agency → first year and one letter a year (the department's own rating by the province)
COLLECTIVE_RATINGS = {
    "SCT-AG": "2019 xtxxxx",
    "SCT-KG": "2019 tttxtt",
    "SCT-CT": "2018 xxxxxxx",
    "SCT-HG": "2019 txttxt",
    "SCT-ST": "2019 tttttt",
    "SCT-BL": "2019 tthttt",
    "SCT-CM": "2019 ttttxx",
    "SCT-AG-2025": "2025 x",
    "SCT-CT-2025": "2025 x",
    "SCT-CM-2025": "2025 t",
}

# person, year, scope, title of the initiative (revoked ones are in REVOCATIONS)
INITIATIVES = [
    ("CN-0101", 2020, "co_so", "Sổ tay hướng dẫn thủ tục cấp Giấy phép bán lẻ rượu"),
    ("CN-0101", 2021, "bo", "Quy trình liên thông thẩm định điều kiện kinh doanh xăng dầu"),
    ("CN-0101", 2022, "co_so", "Theo dõi giá hàng hóa thiết yếu bằng biểu mẫu trực tuyến"),
    ("CN-0101", 2023, "bo", "Bản đồ số mạng lưới chợ tỉnh An Giang"),
    ("CN-0101", 2025, "co_so", "Kết nối hộ sản xuất OCOP với sàn thương mại điện tử"),
    ("CN-0104", 2025, "co_so", "Kiểm tra an toàn công trình thủy điện nhỏ theo danh mục số"),
    ("CN-0105", 2021, "co_so", "Cơ sở dữ liệu kho chứa hóa chất trên địa bàn tỉnh"),
    ("CN-0105", 2023, "bo", "Quy trình ứng phó sự cố tràn dầu tại cảng cá"),
    ("CN-0107", 2018, "co_so", "Lịch kiểm tra thị trường dùng chung giữa các phòng"),
    ("CN-0107", 2019, "co_so", "Mẫu báo cáo nhanh tình hình cung cầu hàng hóa dịp Tết"),
    ("CN-0107", 2021, "bo", "Điểm bán hàng lưu động bình ổn giá trong thời gian giãn cách"),
    ("CN-0107", 2022, "co_so", "Số hóa hồ sơ cấp phép kinh doanh khí"),
    ("CN-0107", 2023, "bo", "Mô hình “Chợ 4.0 – thanh toán không dùng tiền mặt”"),
    ("CN-0107", 2024, "co_so", "Bộ chỉ số theo dõi chuyển đổi số của chợ truyền thống"),
    (
        "CN-0107",
        2025,
        "toan_quoc",
        "Nền tảng truy xuất nguồn gốc nông sản trên sàn thương mại điện tử",
    ),
    ("CN-0110", 2021, "co_so", "Sổ tay kiểm tra an toàn hóa chất cho doanh nghiệp nhỏ"),
    ("CN-0110", 2023, "co_so", "Bảng kiểm tra nhanh điều kiện sản xuất phân bón"),
    ("CN-0110", 2024, "co_so", "Quy trình phối hợp thẩm định dự án điện mặt trời mái nhà"),
    ("CN-0110", 2025, "co_so", "Theo dõi sản lượng công nghiệp hằng tháng bằng bảng số"),
    ("CN-0110", 2025, "bo", "Chuyển đổi số công tác quản lý cụm công nghiệp"),
    ("CN-0113", 2021, "co_so", "Mẫu hóa hồ sơ đăng ký tổ chức hội chợ, triển lãm"),
]
ORDINARY_INITIATIVES = [
    "Theo dõi tiến độ giải quyết hồ sơ cấp Giấy chứng nhận đủ điều kiện kinh doanh khí",
    "Quy trình phối hợp kiểm tra kinh doanh xăng dầu trên địa bàn",
    "Mẫu hóa văn bản thẩm định thiết kế công trình điện",
    "Cơ sở dữ liệu cơ sở công nghiệp nông thôn tiêu biểu",
    "Số hóa hồ sơ lưu trữ của Văn phòng Sở",
    "Phiên chợ hàng Việt về nông thôn kết hợp bán hàng trực tuyến",
    "Cẩm nang thủ tục cấp Giấy phép bán lẻ rượu cho hộ kinh doanh",
    "Theo dõi điện mặt trời mái nhà bằng biểu mẫu trực tuyến",
]


@dataclass(frozen=True)
class Grant:
    """A hand-written award: ``issuer`` confers ``award`` for ``year`` on ``day``."""

    recipient: str
    award: str
    year: int
    issuer: str
    day: dt.date
    note: str
    award_type: str = "cong_trang"


# recipient|award|year|issuer|decision day|award type|note
GRANTS = [
    Grant(row[0], row[1], int(row[2]), row[3], _day(row[4]), row[6], row[5])
    for row in _table(
        """
CN-0101|chien_si_thi_dua_bo|2022|UBND tỉnh An Giang|14/04/2023|cong_trang|Chiến sĩ thi đua cấp
  tỉnh: ba năm liên tục 2020–2022 đạt Chiến sĩ thi đua cơ sở, có sáng kiến được công nhận phạm vi
  cấp tỉnh năm 2021.
CN-0105|chien_si_thi_dua_bo|2024|UBND tỉnh Kiên Giang|15/04/2025|cong_trang|Chiến sĩ thi đua
  cấp tỉnh: ba năm liên tục 2022–2024 đạt Chiến sĩ thi đua cơ sở, có sáng kiến được công nhận
  phạm vi cấp tỉnh năm 2023.
CN-0107|bang_khen_bo|2019|Bộ Công Thương|25/03/2020|cong_trang|Bằng khen của Bộ trưởng Bộ Công
  Thương: hai năm liên tục 2018–2019 đạt Chiến sĩ thi đua cơ sở.
CN-0107|chien_si_thi_dua_bo|2022|UBND thành phố Cần Thơ|14/04/2023|cong_trang|Chiến sĩ thi đua
  thành phố: ba năm liên tục 2020–2022 đạt Chiến sĩ thi đua cơ sở, có sáng kiến được công nhận
  phạm vi thành phố năm 2021.
CN-0107|chien_si_thi_dua_bo|2025|UBND thành phố Cần Thơ|15/04/2026|cong_trang|Chiến sĩ thi đua
  thành phố: ba năm liên tục 2023–2025 đạt Chiến sĩ thi đua cơ sở, có sáng kiến được công nhận
  phạm vi thành phố năm 2023.
CN-0110|bang_khen_bo|2019|UBND tỉnh Hậu Giang|20/03/2020|cong_trang|Bằng khen của Chủ tịch UBND
  tỉnh: hai năm liên tục 2018–2019 đạt Chiến sĩ thi đua cơ sở.
CN-0001|bang_khen_bo|2025|UBND tỉnh An Giang|20/06/2025|cong_hien|Khen thưởng quá trình cống
  hiến: nguyên Giám đốc Sở Công Thương tỉnh An Giang, nghỉ hưu theo chế độ khi sắp xếp tổ chức
  bộ máy.
CN-0106|bang_khen_bo|2024|Bộ Công Thương|18/09/2024|chuyen_de|Khen thưởng theo chuyên đề: thành
  tích trong Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” giai đoạn 2019–2024
  (không tính để xét khen thưởng cao hơn).
CN-0118|giay_khen|2024|Sở Công Thương tỉnh Cà Mau|12/08/2024|dot_xuat|Khen thưởng đột xuất: phối
  hợp phát hiện vụ vận chuyển 12.000 lít xăng không rõ nguồn gốc (không tính để xét khen thưởng
  cao hơn).
CN-0115|giay_khen|2023|Sở Công Thương tỉnh Bạc Liêu|16/01/2024|cong_trang|Hoàn thành tốt nhiệm
  vụ năm 2023, có thành tích trong công tác cải cách hành chính.
SCT-CT|bang_khen_bo|2019|Bộ Công Thương|25/03/2020|cong_trang|Bằng khen của Bộ trưởng Bộ Công
  Thương: hai năm liên tục 2018–2019 hoàn thành xuất sắc nhiệm vụ.
SCT-AG|bang_khen_bo|2022|Bộ Công Thương|24/03/2023|cong_trang|Bằng khen của Bộ trưởng Bộ Công
  Thương: hai năm liên tục 2021–2022 hoàn thành xuất sắc nhiệm vụ.
SCT-KG|bang_khen_bo|2022|Bộ Công Thương|20/12/2022|dot_xuat|Khen thưởng đột xuất: bảo đảm cung
  ứng xăng dầu trên địa bàn trong thời điểm khan hiếm tháng 10–11/2022 (không tính để xét khen
  thưởng cao hơn).
SCT-CM|bang_khen_bo|2024|Bộ Công Thương|25/03/2025|cong_trang|Bằng khen của Bộ trưởng Bộ Công
  Thương: hai năm liên tục 2023–2024 hoàn thành xuất sắc nhiệm vụ.
SCT-AG-2025|co_thi_dua_bo|2025|UBND tỉnh An Giang|06/02/2026|cong_trang|Cờ thi đua của UBND
  tỉnh: đơn vị dẫn đầu Khối thi đua các sở kinh tế tỉnh An Giang năm 2025 (khối do tỉnh tổ chức,
  không có trong dữ liệu cụm của Bộ).
""",
        7,
    )
]


@dataclass(frozen=True)
class Period:
    """A discipline (with its level) or a blocker (no level) of one person."""

    person: str
    level: str
    start: dt.date
    end: dt.date | None
    issuer: str
    note: str


DISCIPLINE = Period(
    "CN-0110",
    "khien_trach",
    dt.date(2022, 3, 15),
    dt.date(2022, 9, 14),
    "Sở Công Thương tỉnh Hậu Giang",
    "Khiển trách: để quá hạn giải quyết 07 hồ sơ cấp Giấy phép bán lẻ sản phẩm rượu (kết luận "
    "kiểm tra công vụ quý IV/2021); thời hạn 6 tháng.",
)
BLOCKER = Period(
    "CN-0104",
    "",
    dt.date(2026, 2, 10),
    None,
    "Thanh tra tỉnh An Giang",
    "Đang bị thanh tra trách nhiệm trong việc thẩm định cấp Giấy chứng nhận đủ điều kiện làm "
    "thương nhân phân phối xăng dầu (2023–2024); chưa có kết luận thanh tra.",
)


@dataclass(frozen=True)
class Revocation:
    """A person's initiative of ``year`` annulled, and the title it earned revoked with it."""

    person: str
    year: int
    initiative: str
    issuer: str
    day: dt.date
    reason: str


REVOCATION = Revocation(
    "CN-0113",
    2024,
    "Số hóa sổ theo dõi hội chợ, triển lãm thương mại",
    "Sở Công Thương tỉnh Bạc Liêu",
    dt.date(2025, 5, 20),
    "Thu hồi theo quyết định hủy bỏ công nhận sáng kiến: giải pháp trùng với sáng kiến đã được "
    "công nhận tại đơn vị khác năm 2022.",
)

# When each proposal is judged: after the records it rests on were decided, before the title
# itself was (the demo grants the 2025 titles in 2026, a higher level after a lower one).
RATINGS_DECIDED = dt.date(2026, 1, 5)  # staff ratings 2025 on 22/12/2025; LĐTT on 12/01/2026
LDTT_DECIDED = dt.date(2026, 1, 13)  # LĐTT on 12/01/2026; Chiến sĩ thi đua cơ sở on 15/01
UNIT_RATINGS_DECIDED = dt.date(2026, 2, 2)  # departments rated on 22/01; their titles from 12/02
UNIT_TITLES_DECIDED = dt.date(2026, 3, 16)  # after the unit-level titles, before 15/04/2026
RANKING_2023_PUBLISHED = dt.date(2024, 1, 15)  # ranking of 28/12/2023; the flag on 22/03/2024

# award, recipient, year, intended verdict, why (DOMAIN.md §5), evaluation date
INTENDED = [
    (
        "lao_dong_tien_tien",
        "CN-0117",
        2025,
        "eligible",
        "Hoàn thành tốt nhiệm vụ 2025",
        RATINGS_DECIDED,
    ),
    (
        "lao_dong_tien_tien",
        "CN-0116",
        2025,
        "not_eligible",
        "chỉ Hoàn thành nhiệm vụ 2025",
        RATINGS_DECIDED,
    ),
    (
        "chien_si_thi_dua_co_so",
        "CN-0101",
        2025,
        "eligible",
        "LĐTT, htxsnv và sáng kiến 2025",
        LDTT_DECIDED,
    ),
    (
        "chien_si_thi_dua_co_so",
        "CN-0117",
        2025,
        "not_eligible",
        "httnv, không có sáng kiến",
        LDTT_DECIDED,
    ),
    (
        "chien_si_thi_dua_bo",
        "CN-0101",
        2025,
        "eligible",
        "CSTĐCS 2023–2025, sáng kiến tỉnh 2023",
        UNIT_TITLES_DECIDED,
    ),
    (
        "chien_si_thi_dua_bo",
        "CN-0110",
        2025,
        "eligible",
        "chuỗi mới sau kỷ luật năm 2022",
        UNIT_TITLES_DECIDED,
    ),
    (
        "chien_si_thi_dua_bo",
        "CN-0105",
        2025,
        "not_eligible",
        "2023–2024 đã dùng cho CSTĐ 2024",
        UNIT_TITLES_DECIDED,
    ),
    (
        "chien_si_thi_dua_toan_quoc",
        "CN-0107",
        2025,
        "eligible",
        "CSTĐ tỉnh 2022 và 2025",
        VERDICTS_AS_OF,
    ),
    (
        "chien_si_thi_dua_toan_quoc",
        "CN-0101",
        2025,
        "not_eligible",
        "chưa có CSTĐ tỉnh 2025",
        VERDICTS_AS_OF,
    ),
    ("bang_khen_bo", "CN-0101", 2025, "eligible", "CSTĐCS 2024 và 2025", VERDICTS_AS_OF),
    ("bang_khen_bo", "CN-0104", 2025, "not_eligible", "đang bị thanh tra", VERDICTS_AS_OF),
    ("bang_khen_bo", "CN-0113", 2025, "not_eligible", "CSTĐCS 2024 đã bị thu hồi", VERDICTS_AS_OF),
    (
        "bang_khen_bo",
        "SCT-AG-2025",
        2025,
        "needs_review",
        "năm 2024 chỉ đạt nhờ sở cũ",
        VERDICTS_AS_OF,
    ),
    (
        "bang_khen_bo",
        "SCT-CT-2025",
        2025,
        "needs_review",
        "năm 2024 chỉ đạt nhờ sở cũ",
        VERDICTS_AS_OF,
    ),
    ("bang_khen_bo", "SCT-CM-2025", 2025, "not_eligible", "năm 2025 chỉ httnv", VERDICTS_AS_OF),
    (
        "bang_khen_thu_tuong",
        "CN-0107",
        2025,
        "eligible",
        "BK 2019, htxsnv 2021–2025, 5 sáng kiến",
        VERDICTS_AS_OF,
    ),
    (
        "bang_khen_thu_tuong",
        "CN-0110",
        2025,
        "not_eligible",
        "kỷ luật kết thúc 2022 cắt chuỗi",
        VERDICTS_AS_OF,
    ),
    (
        "bang_khen_thu_tuong",
        "SCT-CT-2025",
        2025,
        "needs_review",
        "BK, Cờ, 2021–2024 của sở cũ",
        VERDICTS_AS_OF,
    ),
    (
        "bang_khen_thu_tuong",
        "SCT-AG-2025",
        2025,
        "not_eligible",
        "không có Bằng khen trước 2021",
        VERDICTS_AS_OF,
    ),
    (
        "tap_the_lao_dong_tien_tien",
        "SCT-CT-2025",
        2025,
        "eligible",
        "≥ 70 % thành viên LĐTT",
        UNIT_RATINGS_DECIDED,
    ),
    (
        "tap_the_lao_dong_tien_tien",
        "SCT-KG",
        2025,
        "not_eligible",
        "sở đã hợp nhất 01/07/2025",
        UNIT_RATINGS_DECIDED,
    ),
    (
        "tap_the_lao_dong_xuat_sac",
        "SCT-AG-2025",
        2025,
        "eligible",
        "htxsnv, đủ tỷ lệ, có CSTĐCS",
        UNIT_RATINGS_DECIDED,
    ),
    (
        "tap_the_lao_dong_xuat_sac",
        "SCT-CT-2025",
        2025,
        "not_eligible",
        "có người chưa xếp loại",
        UNIT_RATINGS_DECIDED,
    ),
    (
        "tap_the_lao_dong_xuat_sac",
        "SCT-CM-2025",
        2025,
        "not_eligible",
        "tập thể chỉ httnv",
        UNIT_RATINGS_DECIDED,
    ),
    ("co_thi_dua_bo", "SCT-CT", 2023, "eligible", "thứ nhất Cụm XI 2023", RANKING_2023_PUBLISHED),
    (
        "co_thi_dua_bo",
        "SCT-CT-2025",
        2025,
        "not_eligible",
        "chưa công bố xếp hạng 2025",
        VERDICTS_AS_OF,
    ),
    (
        "co_thi_dua_chinh_phu",
        "SCT-AG-2025",
        2025,
        "eligible",
        "Cờ thi đua UBND tỉnh 2025",
        VERDICTS_AS_OF,
    ),
    (
        "co_thi_dua_chinh_phu",
        "SCT-CT-2025",
        2025,
        "not_eligible",
        "không có Cờ thi đua 2025",
        VERDICTS_AS_OF,
    ),
    (
        "giay_khen",
        "CN-0117",
        2025,
        "eligible",
        "không vướng mắc; thành tích do đơn vị xác nhận",
        VERDICTS_AS_OF,
    ),
    ("giay_khen", "CN-0104", 2025, "not_eligible", "đang bị thanh tra", VERDICTS_AS_OF),
]


# --- decision numbers ------------------------------------------------------------------------

_SUFFIX = [
    ("Bộ Công Thương", "QĐ-BCT", 9.0),
    ("UBND", "QĐ-UBND", 8.0),
    ("Sở Công Thương", "QĐ-SCT", 0.8),
    ("Thanh tra", "QĐ-TTr", 0.3),
]
_TAKEN = {  # numbers the rest of the demo uses
    ("Bộ Công Thương", 2023): {32, 309, 310},
    ("Bộ Công Thương", 2024): {686},  # demo_commendation
}


class Numbers:
    """Decision numbers, unique per issuer and year and growing through the year (from a start
    that differs by issuer and year): one number per (issuer, day, subject), so one decision can
    list many recipients."""

    def __init__(self) -> None:
        self._taken: dict[tuple[str, int], set[int]] = defaultdict(set)
        for key, numbers in _TAKEN.items():
            self._taken[key] |= numbers
        self._given: dict[tuple[str, dt.date, str], str] = {}

    def __call__(self, issuer: str, day: dt.date, subject: str) -> str:
        key = (issuer, day, subject)
        if key not in self._given:
            suffix, rate = next((s, r) for prefix, s, r in _SUFFIX if issuer.startswith(prefix))
            taken = self._taken[(issuer, day.year)]
            spread = zlib.crc32(f"{issuer}|{day.year}".encode()) % max(2, round(rate * 12))
            number = max(1, round(day.timetuple().tm_yday * rate)) + spread
            while number in taken:
                number += 1
            taken.add(number)
            self._given[key] = f"{number}/{suffix}"
        return self._given[key]


def _workday(day: dt.date) -> dt.date:
    """The day, or the Friday before it when it falls on a weekend."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


# --- building the history --------------------------------------------------------------------


@dataclass
class _Year:
    """One person's facts in one year, as the history records them."""

    agency: str
    rating: str | None
    initiatives: int = 0
    ldtt: bool = False
    cstdcs: bool = False


class _History:
    """The rows of the import, with the titles derived from ratings, initiatives and members."""

    def __init__(self, agencies: dict[str, Agency], people: dict[str, Person]) -> None:
        self.agencies = agencies
        self.people = people
        self.numbers = Numbers()
        self.rows: list[dict[str, str]] = []
        self.years: dict[str, dict[int, _Year]] = defaultdict(dict)
        self.leaders: set[tuple[str, int]] = set()  # people rated by the province that year

    # issuers
    def department(self, agency: str) -> str:
        return self.agencies[agency].name

    def province(self, agency: str) -> str:
        return "UBND " + self.agencies[agency].name.removeprefix("Sở Công Thương ")

    def row(
        self,
        *,
        kind: str,
        recipient: str,
        value: str = "",
        year: int | None,
        issuer: str,
        day: dt.date,
        subject: str,
        note: str,
        award_type: str = "",
        start: dt.date | None = None,
        end: dt.date | None = None,
        revoked_by: str = "",
        revoked_on: dt.date | None = None,
    ) -> None:
        is_person = recipient in self.people
        name = self.people[recipient].full_name if is_person else self.agencies[recipient].name
        column = {"award": "award", "rating": "rating", "initiative": "scope"}.get(
            kind, "discipline_level"
        )
        self.rows.append(
            dict.fromkeys(IMPORT_COLUMNS, "")
            | {
                "record_kind": kind,
                "recipient_type": "person" if is_person else "collective",
                "recipient_code": recipient,
                "recipient_name": name,
                column: value,
                "award_type": award_type,
                "year": "" if year is None else str(year),
                "start_date": f"{start:%d/%m/%Y}" if start else "",
                "end_date": f"{end:%d/%m/%Y}" if end else "",
                "decision_number": self.numbers(issuer, day, subject),
                "decision_date": f"{day:%d/%m/%Y}",
                "issuer": issuer,
                "revoked_by_decision": revoked_by,
                "revoked_on": f"{revoked_on:%d/%m/%Y}" if revoked_on else "",
                "note": f"{note} {MARK}",
            }
        )

    def issuer_for(self, person: str, year: int) -> str:
        """Who rates and commends ``person`` for ``year``: the department, or the province for
        its directors."""
        agency = self.years[person][year].agency
        if (person, year) in self.leaders:
            return self.province(agency)
        return self.department(agency)


def _positions() -> dict[str, list[tuple[str, str, dt.date, dt.date | None]]]:
    """Positions in the demo's departments by person code: (agency, title, from, to)."""
    found: dict[str, list[tuple[str, str, dt.date, dt.date | None]]] = defaultdict(list)
    for code, agency, title, start, end in (
        Position.objects.filter(agency__code__in=AGENCIES)
        .order_by("person__code", "from_date")
        .values_list("person__code", "agency__code", "title", "from_date", "to_date")
    ):
        found[code].append((agency, title, start, end))
    return found


def _letters(plan: str) -> dict[int, str | None]:
    first, letters = plan.split()
    return {int(first) + i: RATING.get(letter) for i, letter in enumerate(letters)}


def _people_years(
    history: _History, found: dict[str, list[tuple[str, str, dt.date, dt.date | None]]]
) -> None:
    """Each person's agency (on 31 December) and rating for every year of the demo."""
    plans = {s.code: _letters(s.ratings) for s in STAFF if s.ratings}
    for code, positions in found.items():
        years = range(min(plans[code]) if code in plans else FIRST_YEAR, LAST_YEAR + 1)
        for year in years:
            end = dt.date(year, 12, 31)
            held = [p for p in positions if p[2] <= end and (p[3] is None or p[3] >= end)]
            if not held:
                continue
            agency, title = held[0][0], held[0][1]
            if code in plans:
                rating = plans[code].get(year)
            else:
                draw = random.Random(f"{code}-{year}").random()
                rating = "htxsnv" if draw < 0.3 else ("httnv" if draw < 0.93 else "htnv")
            if title in LEADERS:
                history.leaders.add((code, year))
            history.years[code][year] = _Year(agency, rating)


def _initiatives(history: _History) -> None:
    """The stories' initiatives (the revoked one too), then a few drawn for everyone else."""
    for code, year, scope, title in INITIATIVES:
        _initiative(history, code, year, scope, title)
    r = REVOCATION
    _initiative(
        history,
        r.person,
        r.year,
        "co_so",
        r.initiative,
        revoked_by=history.numbers(r.issuer, r.day, "thu hồi"),
        revoked_on=r.day,
    )
    rng = random.Random("sang-kien")
    planned = {s.code for s in STAFF if s.ratings}
    for code in sorted(history.years):
        for year, facts in sorted(history.years[code].items()):
            if code in planned or facts.rating not in GOOD or rng.random() >= 0.12:
                continue
            _initiative(history, code, year, "co_so", rng.choice(ORDINARY_INITIATIVES))


def _initiative(
    history: _History,
    code: str,
    year: int,
    scope: str,
    title: str,
    revoked_by: str = "",
    revoked_on: dt.date | None = None,
) -> None:
    agency = history.years[code][year].agency
    history.years[code][year].initiatives += 1
    if scope == "co_so":
        issuer, day, level = history.department(agency), dt.date(year, 11, 28), "cơ sở"
    elif scope == "bo":
        issuer, day = history.province(agency), dt.date(year, 12, 10)
        level = "cấp " + ("thành phố" if "thành phố" in issuer else "tỉnh")
    else:
        issuer, day, level = "Bộ Công Thương", dt.date(year, 12, 15), "toàn quốc"
    history.row(
        kind="initiative",
        recipient=code,
        value=scope,
        year=year,
        issuer=issuer,
        day=_workday(day),
        subject=f"sáng kiến {scope} {year}",
        note=f"Sáng kiến “{title}” được công nhận có phạm vi ảnh hưởng {level}."
        + (f" {REVOCATION.reason}" if revoked_by else ""),
        revoked_by=revoked_by,
        revoked_on=revoked_on,
    )


def _person_titles(history: _History) -> None:
    """Ratings, Lao động tiên tiến and Chiến sĩ thi đua cơ sở of every person and year."""
    r = REVOCATION
    for code in sorted(history.years):
        for year, facts in sorted(history.years[code].items()):
            if facts.rating is None:
                continue
            issuer = history.issuer_for(code, year)
            label = RATING_LABEL[facts.rating]
            history.row(
                kind="rating",
                recipient=code,
                value=facts.rating,
                year=year,
                issuer=issuer,
                day=_workday(dt.date(year, 12, 22)),
                subject=f"xếp loại {year}",
                note=f"Xếp loại chất lượng công chức năm {year}: {label}."
                + (" Bị kỷ luật trong năm đánh giá." if facts.rating == "khtnv" else ""),
            )
            facts.ldtt = facts.rating in GOOD
            if not facts.ldtt:
                continue
            history.row(
                kind="award",
                recipient=code,
                value="lao_dong_tien_tien",
                year=year,
                issuer=issuer,
                day=_workday(dt.date(year + 1, 1, 12)),
                subject=f"lao động tiên tiến {year}",
                note=f"{label} năm {year}; chấp hành tốt chủ trương, chính sách của Đảng, pháp "
                "luật của Nhà nước.",
            )
            facts.cstdcs = facts.rating == "htxsnv" or facts.initiatives > 0
            if not facts.cstdcs:
                continue
            why = (
                "hoàn thành xuất sắc nhiệm vụ"
                if facts.rating == "htxsnv"
                else "có sáng kiến được công nhận"
            )
            revoked = code == r.person and year == r.year
            history.row(
                kind="award",
                recipient=code,
                value="chien_si_thi_dua_co_so",
                year=year,
                issuer=issuer,
                day=_workday(dt.date(year + 1, 1, 15)),
                subject=f"chiến sĩ thi đua cơ sở {year}",
                note=f"Đạt Lao động tiên tiến năm {year}, {why}; Hội đồng Thi đua – Khen "
                "thưởng bỏ phiếu đạt từ 80 % trở lên." + (f" {r.reason}" if revoked else ""),
                revoked_by=history.numbers(r.issuer, r.day, "thu hồi") if revoked else "",
                revoked_on=r.day if revoked else None,
            )


def _collectives(history: _History) -> None:
    """Each department's rating and the collective title its members' records allow: every
    member on 31 December counts, a member with no rating too."""
    members: dict[tuple[str, int], list[_Year]] = defaultdict(list)
    for facts_by_year in history.years.values():
        for year, facts in facts_by_year.items():
            members[(facts.agency, year)].append(facts)
    for agency, plan in COLLECTIVE_RATINGS.items():
        for year, rating in _letters(plan).items():
            assert rating is not None
            province = history.province(agency)
            history.row(
                kind="rating",
                recipient=agency,
                value=rating,
                year=year,
                issuer=province,
                day=_workday(dt.date(year + 1, 1, 22)),
                subject=f"xếp loại cơ quan {year}",
                note=f"Xếp loại chất lượng cơ quan chuyên môn thuộc {province} năm {year}: "
                f"{RATING_LABEL[rating]}.",
            )
            staff = members.get((agency, year), [])
            total, ldtt = len(staff), sum(f.ldtt for f in staff)
            if not total or rating not in GOOD or ldtt * 10 < total * 7:
                continue
            excellent = (
                rating == "htxsnv"
                and all(f.rating in {"htnv", *GOOD} for f in staff)
                and any(f.cstdcs for f in staff)
            )
            award = "tap_the_lao_dong_xuat_sac" if excellent else "tap_the_lao_dong_tien_tien"
            cstdcs = sum(f.cstdcs for f in staff)
            history.row(
                kind="award",
                recipient=agency,
                value=award,
                year=year,
                issuer=province,
                day=_workday(dt.date(year + 1, 3, 10) if excellent else dt.date(year + 1, 2, 12)),
                subject=f"{award} {year}",
                note=f"Tập thể {RATING_LABEL[rating].lower()} năm {year}; {ldtt}/{total} thành "
                "viên đạt Lao động tiên tiến"
                + (f", {cstdcs} Chiến sĩ thi đua cơ sở." if excellent else "."),
            )


def _stories(history: _History) -> None:
    """The hand-written awards, the discipline and the open inspection."""
    for grant in GRANTS:
        history.row(
            kind="award",
            recipient=grant.recipient,
            value=grant.award,
            year=grant.year,
            issuer=grant.issuer,
            day=grant.day,
            subject=f"{grant.award} {grant.year} {grant.recipient}",
            note=grant.note,
            award_type=grant.award_type,
        )
    for period, kind, subject in ((DISCIPLINE, "discipline", "kỷ luật"), (BLOCKER, "blocker", "")):
        history.row(
            kind=kind,
            recipient=period.person,
            value=period.level,
            year=None,
            issuer=period.issuer,
            day=period.start,
            subject=subject or "thanh tra",
            note=period.note,
            start=period.start,
            end=period.end,
        )


# --- seeding ---------------------------------------------------------------------------------


def _ensure_staff() -> None:
    """The added people and their positions (old department, then the merged one)."""
    agencies = {a.code: a for a in Agency.objects.filter(code__in=AGENCIES)}
    for staff in STAFF:
        person = Person.objects.filter(code=staff.code).first()
        if person is None:
            person = person_create(
                actor=None,
                values=PersonValues(
                    code=staff.code,
                    full_name=staff.name,
                    gender=staff.gender,
                    birth_year=staff.born,
                    note=staff.note,
                ),
            )
        spans: list[tuple[str, dt.date, dt.date | None]] = []
        if staff.agency in SUCCESSOR:
            spans.append((staff.agency, staff.since, staff.until or REFORM_DAY - dt.timedelta(1)))
            if staff.until is None:
                spans.append((SUCCESSOR[staff.agency], REFORM_DAY, None))
        else:
            spans.append((staff.agency, staff.since, None))
        for code, start, end in spans:
            agency = agencies[code]
            if not Position.objects.filter(person=person, agency=agency, from_date=start).exists():
                position_add(
                    actor=None,
                    person=person,
                    agency=agency,
                    title=staff.title,
                    from_date=start,
                    to_date=end,
                )


def build_rows() -> list[dict[str, str]]:
    """Every row of the demo's history file, in :data:`IMPORT_COLUMNS` (values as text)."""
    positions = _positions()
    history = _History(
        {a.code: a for a in Agency.objects.filter(code__in=AGENCIES)},
        {p.code: p for p in Person.objects.filter(code__in=list(positions))},
    )
    _people_years(history, positions)
    _initiatives(history)
    _person_titles(history)
    _collectives(history)
    _stories(history)
    return history.rows


def _all_stored(rows: list[dict[str, str]]) -> bool:
    """Whether every row is stored already (a second seed then imports nothing)."""
    codes: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        codes[row["recipient_type"]].add(row["recipient_code"])
    ids = {
        "person": dict(Person.objects.filter(code__in=codes["person"]).values_list("code", "id")),
        "collective": dict(
            Agency.objects.filter(code__in=codes["collective"]).values_list("code", "id")
        ),
    }
    identities = [
        CommendationRecord.make_identity(
            row["record_kind"],
            row["recipient_type"],
            ids[row["recipient_type"]][row["recipient_code"]],
            row["award"] or row["rating"] or row["scope"] or row["discipline_level"],
            int(row["year"]) if row["year"] else None,
            row["decision_number"],
        )
        for row in rows
    ]
    return CommendationRecord.objects.filter(identity__in=identities).count() == len(identities)


@transaction.atomic
def seed_demo_awards() -> int:
    """Add the demo's people and their commendation histories (once); the records created."""
    _ensure_staff()
    rows = build_rows()
    if _all_stored(rows):
        return 0
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=IMPORT_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    stream = io.BytesIO(text.getvalue().encode("utf-8"))
    return record_import(actor=None, stream=stream, filename=FILENAME).created
