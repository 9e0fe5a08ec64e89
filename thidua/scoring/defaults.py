"""The default scoring table: 100 points in the groups common in practice (DOMAIN.md §3),
with the criteria taken from the targets of cluster XI's 2023 covenant (the project's seed),
a capped bonus group, penalty items, and the disqualifiers that covenant names."""

from __future__ import annotations

from decimal import Decimal

# (code, kind, title, max points, evidence required, children)
DefaultNode = tuple[str, str, str, Decimal, bool, tuple["DefaultNode", ...]]

D = Decimal

DEFAULT_TITLE = "Bảng chấm điểm thi đua"
DEFAULT_TOTAL = D("100")

DEFAULT_TREE: tuple[DefaultNode, ...] = (
    (
        "I",
        "group",
        "Thực hiện nhiệm vụ chính trị, chuyên môn được giao",
        D("50"),
        False,
        (
            (
                "I.1",
                "criterion",
                "Lãnh đạo phong trào thi đua và hoàn thành xuất sắc nhiệm vụ chính "
                "trị được giao; hoàn thành tốt các chỉ tiêu, kế hoạch được giao trong năm",
                D("35"),
                True,
                (),
            ),
            (
                "I.2",
                "criterion",
                "Phát hiện, xây dựng, nhân rộng các mô hình, điển hình tiên tiến, "
                "nhất là về sản xuất, kinh doanh, xây dựng nông thôn mới",
                D("15"),
                True,
                (),
            ),
        ),
    ),
    (
        "II",
        "group",
        "Công tác thi đua, khen thưởng",
        D("10"),
        False,
        (
            (
                "II.1",
                "criterion",
                "Thực hiện tốt công tác thi đua, khen thưởng; báo cáo đầy đủ, đúng hạn",
                D("10"),
                True,
                (),
            ),
        ),
    ),
    (
        "III",
        "group",
        "Xây dựng Đảng, đoàn thể",
        D("10"),
        False,
        (
            (
                "III.1",
                "criterion",
                "Tổ chức cơ sở đảng đạt “Hoàn thành tốt nhiệm vụ” trở lên; không "
                "có đảng viên bị kỷ luật",
                D("5"),
                True,
                (),
            ),
            (
                "III.2",
                "criterion",
                "Xây dựng Công đoàn và Đoàn thanh niên vững mạnh",
                D("5"),
                False,
                (),
            ),
        ),
    ),
    (
        "IV",
        "group",
        "Cải cách hành chính và chuyển đổi số",
        D("15"),
        False,
        (
            (
                "IV.1",
                "criterion",
                "Thực hiện tốt cải cách hành chính và chuyển đổi số",
                D("15"),
                True,
                (),
            ),
        ),
    ),
    (
        "V",
        "group",
        "Kỷ luật, kỷ cương, an ninh trật tự và văn hóa công sở",
        D("15"),
        False,
        (
            (
                "V.1",
                "criterion",
                "Chấp hành tốt đường lối, chủ trương của Đảng, pháp luật Nhà nước; "
                "tập thể đoàn kết tốt",
                D("3"),
                False,
                (),
            ),
            ("V.2", "criterion", "Thực hiện tốt nhiệm vụ quốc phòng", D("2"), False, ()),
            (
                "V.3",
                "criterion",
                "Cơ quan đạt chuẩn “An toàn về an ninh trật tự”",
                D("3"),
                True,
                (),
            ),
            (
                "V.4",
                "criterion",
                "Thực hiện tốt và báo cáo đầy đủ về Quy chế dân chủ cơ sở",
                D("2"),
                False,
                (),
            ),
            ("V.5", "criterion", "Xây dựng “Cơ quan đạt chuẩn văn hóa”", D("3"), True, ()),
            (
                "V.6",
                "criterion",
                "Phòng, chống tham nhũng, thực hành tiết kiệm, chống lãng phí",
                D("2"),
                False,
                (),
            ),
        ),
    ),
    (
        "VI",
        "bonus",
        "Điểm thưởng (tối đa)",
        D("5"),
        False,
        (
            (
                "VI.1",
                "bonus",
                "Được tặng danh hiệu, hình thức khen thưởng cấp nhà nước trong năm",
                D("3"),
                True,
                (),
            ),
            ("VI.2", "bonus", "Có sáng kiến, mô hình được cụm nhân rộng", D("2"), True, ()),
            ("VI.3", "bonus", "Đăng cai tổ chức hoạt động của cụm", D("2"), False, ()),
        ),
    ),
    (
        "VII",
        "penalty",
        "Điểm trừ",
        D("10"),
        False,
        (
            (
                "VII.1",
                "penalty",
                "Gửi báo cáo chậm hoặc không gửi (mỗi lần trừ 1 điểm)",
                D("5"),
                False,
                (),
            ),
            (
                "VII.2",
                "penalty",
                "Không tham gia hoạt động của cụm (mỗi lần trừ 1 điểm)",
                D("5"),
                False,
                (),
            ),
        ),
    ),
)

# (description, conduct fact that triggers it, blank = decided by the cluster)
DEFAULT_DISQUALIFIERS: tuple[tuple[str, str], ...] = (
    (
        "Có công chức, viên chức, người lao động vi phạm Luật Giao thông đường bộ",
        "traffic_violations",
    ),
    (
        "Có công chức, viên chức, người lao động vi phạm Luật Phòng, chống tác hại của rượu, bia",
        "alcohol_violations",
    ),
    ("Có đảng viên bị kỷ luật", "disciplined_party_members"),
    ("Tổ chức cơ sở đảng xếp loại dưới mức “Hoàn thành tốt nhiệm vụ”", "party_rating_below_good"),
    ("Có cán bộ, công chức bị kỷ luật từ khiển trách trở lên; tập thể mất đoàn kết", ""),
)
