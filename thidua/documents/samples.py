"""Two sample documents for the rendering tests and ``scripts/render_sample_documents.py``.

The covenant follows the 2023 news item on cluster XI's signing (Cần Thơ, 10/05/2023, the
theme, the six members, Mr Nguyễn Minh Hùng for An Giang); the other signers, the numbers and
the wording of the articles are made up for the sample. The tờ trình is made up entirely.
"""

from __future__ import annotations

import datetime as dt

from thidua.documents.layout import (
    AdministrativeDocument,
    Block,
    Heading,
    ListItem,
    Paragraph,
    SignatureBlock,
    Table,
)

COVENANT_THEME = "Đoàn kết kỷ cương, bản lĩnh linh hoạt, đổi mới sáng tạo, kịp thời hiệu quả"

COVENANT_SIGNERS = (
    ("Sở Công Thương\ntỉnh An Giang", "Nguyễn Minh Hùng"),
    ("Sở Công Thương\nthành phố Cần Thơ", "Trần Thị Ngọc Diễm"),
    ("Sở Công Thương\ntỉnh Hậu Giang", "Lê Văn Quỳnh"),
    ("Sở Công Thương\ntỉnh Bạc Liêu", "Phạm Hữu Nghĩa"),
    ("Sở Công Thương\ntỉnh Cà Mau", "Võ Thị Thủy Tiên"),
    ("Sở Công Thương\ntỉnh Kiên Giang", "Đặng Quốc Việt"),
)


def covenant_2023() -> AdministrativeDocument:
    """Giao ước thi đua năm 2023 of cluster XI: long enough for two pages, six signers."""
    body: list[Block] = [
        Paragraph(
            "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ "
            "sung một số điều của Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013; Nghị "
            "định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi "
            "hành một số điều của Luật Thi đua, khen thưởng;",
            italic=True,
        ),
        Paragraph(
            "Căn cứ Quyết định số 309/QĐ-BCT ngày 17 tháng 02 năm 2023 của Bộ trưởng Bộ Công "
            "Thương về việc phân chia Khối, Cụm thi đua của ngành Công Thương năm 2023;",
            italic=True,
        ),
        Paragraph(
            "Thực hiện phong trào thi đua yêu nước ngành Công Thương năm 2023 với chủ đề "
            f"“{COVENANT_THEME}”, các Sở Công Thương thành viên Cụm thi đua các tỉnh đồng bằng "
            "sông Cửu Long 2 (Cụm XI) thống nhất ký kết Giao ước thi đua năm 2023 với các nội "
            "dung sau:"
        ),
        Heading("I. MỤC TIÊU"),
        Paragraph(
            "Đẩy mạnh phong trào thi đua yêu nước, động viên cán bộ, công chức, viên chức và "
            "người lao động các Sở Công Thương trong Cụm thi đua phát huy tinh thần đoàn kết, "
            "kỷ cương, chủ động, sáng tạo, hoàn thành xuất sắc nhiệm vụ chính trị được giao năm "
            "2023, góp phần thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội của "
            "từng địa phương và của ngành Công Thương."
        ),
        Paragraph(
            "Thông qua phong trào thi đua, phát hiện, bồi dưỡng, biểu dương và nhân rộng các "
            "điển hình tiên tiến, các cách làm hay, sáng kiến có hiệu quả; kịp thời khen thưởng "
            "các tập thể, cá nhân có thành tích xuất sắc."
        ),
        Heading("II. NỘI DUNG THI ĐUA"),
        Heading("1. Thực hiện nhiệm vụ chuyên môn", level=2),
        ListItem(
            "Tham mưu Ủy ban nhân dân tỉnh, thành phố ban hành và tổ chức thực hiện có hiệu quả "
            "các chương trình, kế hoạch phát triển công nghiệp, thương mại, năng lượng trên địa "
            "bàn; phấn đấu hoàn thành và vượt các chỉ tiêu về giá trị sản xuất công nghiệp, tổng "
            "mức bán lẻ hàng hóa và kim ngạch xuất khẩu được giao."
        ),
        ListItem(
            "Đẩy mạnh cải cách hành chính, chuyển đổi số; giải quyết thủ tục hành chính đúng và "
            "trước hạn, không để tồn đọng hồ sơ quá hạn; cung cấp dịch vụ công trực tuyến toàn "
            "trình đối với các thủ tục đủ điều kiện."
        ),
        ListItem(
            "Tăng cường công tác quản lý thị trường, an toàn thực phẩm, an toàn điện và an toàn "
            "hóa chất; bảo đảm cung ứng đủ điện và xăng dầu phục vụ sản xuất và đời sống."
        ),
        Heading("2. Công tác thi đua, khen thưởng", level=2),
        ListItem(
            "Ban hành kế hoạch tổ chức phong trào thi đua ngay từ đầu năm; tổ chức sơ kết, tổng "
            "kết và khen thưởng kịp thời, đúng người, đúng thành tích.",
            label="a)",
        ),
        ListItem(
            "Tham gia đầy đủ các hoạt động của Cụm thi đua; gửi báo cáo đúng thời hạn; chấm "
            "điểm và bình xét khách quan, công khai, dân chủ.",
            label="b)",
        ),
        Heading("3. Xây dựng Đảng, đoàn thể và cơ quan văn hóa", level=2),
        Paragraph(
            "Xây dựng tổ chức Đảng, Công đoàn, Đoàn Thanh niên trong sạch, vững mạnh; thực hiện "
            "nghiêm quy chế dân chủ cơ sở; thực hành tiết kiệm, chống lãng phí, phòng chống tham "
            "nhũng, tiêu cực; không có cán bộ, công chức vi phạm pháp luật về trật tự an toàn "
            "giao thông và phòng, chống tác hại của rượu, bia."
        ),
        Heading("III. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            "Các Sở Công Thương thành viên có trách nhiệm quán triệt nội dung Giao ước đến toàn "
            "thể cán bộ, công chức, viên chức và người lao động; cụ thể hóa thành kế hoạch của "
            "đơn vị. Cụm trưởng theo dõi, đôn đốc, tổng hợp kết quả; cuối năm các đơn vị tự chấm "
            "điểm theo bảng tiêu chí của Cụm và gửi về Cụm trưởng trước ngày 30 tháng 11 năm 2023."
        ),
        Table(
            header=("STT", "Nhóm tiêu chí", "Điểm tối đa"),
            rows=(
                ("1", "Thực hiện nhiệm vụ chuyên môn", "50"),
                ("2", "Công tác thi đua, khen thưởng", "20"),
                ("3", "Cải cách hành chính, chuyển đổi số", "15"),
                ("4", "Xây dựng Đảng, đoàn thể và cơ quan văn hóa", "15"),
                ("", "Cộng", "100"),
            ),
            widths=(1, 6, 2),
            aligns=("center", "left", "center"),
        ),
        Paragraph(
            "Giao ước thi đua này được lập thành 07 bản có giá trị như nhau, mỗi đơn vị giữ 01 "
            "bản và gửi 01 bản về Bộ Công Thương (qua Văn phòng Bộ) để theo dõi./."
        ),
    ]
    return AdministrativeDocument(
        parent_body="",
        issuing_body="Cụm thi đua các tỉnh\nđồng bằng sông Cửu Long 2\n(Cụm XI)",
        number="01/GƯ-CXI",
        place="Cần Thơ",
        date=dt.date(2023, 5, 10),
        doc_type="GIAO ƯỚC THI ĐUA",
        summary="Năm 2023",
        body=tuple(body),
        signatures=tuple(
            SignatureBlock(title="Giám đốc", subtitle=agency, name=name)
            for agency, name in COVENANT_SIGNERS
        ),
        signature_layout="grid",
        recipients=(
            "- Vụ Thi đua - Khen thưởng, Bộ Công Thương;",
            "- Các Sở Công Thương thành viên Cụm XI;",
            "- Lưu: VT, Cụm trưởng.",
        ),
    )


def submission() -> AdministrativeDocument:
    """A tờ trình with one signer (deputy director for the director) and its recipients."""
    return AdministrativeDocument(
        parent_body="UBND tỉnh An Giang",
        issuing_body="Sở Công Thương",
        number="12/TTr-SCT",
        place="An Giang",
        date=dt.date(2024, 3, 5),
        doc_type="TỜ TRÌNH",
        summary="Về việc đề nghị tặng Cờ thi đua của Bộ Công Thương\nnăm 2023",
        body=(
            Paragraph("Kính gửi: Bộ Công Thương.", align="center", indent=False),
            Paragraph(
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và kết quả bình xét, "
                "suy tôn của Cụm thi đua các tỉnh đồng bằng sông Cửu Long 2 (Cụm XI) năm 2023, "
                "Sở Công Thương tỉnh An Giang kính trình Bộ Công Thương xem xét, tặng Cờ thi "
                "đua của Bộ Công Thương cho Sở Công Thương tỉnh An Giang, đơn vị dẫn đầu Cụm XI "
                "năm 2023."
            ),
            Heading("1. Thành tích nổi bật", level=2),
            ListItem("Hoàn thành vượt mức các chỉ tiêu chuyên môn được giao năm 2023."),
            ListItem("Dẫn đầu Cụm XI với 96,5 điểm trên 100 điểm."),
            Paragraph(
                "Sở Công Thương tỉnh An Giang kính trình Bộ Công Thương xem xét, quyết định./."
            ),
        ),
        signatures=(
            SignatureBlock(
                authority_prefix="KT.",
                on_behalf_of="Giám đốc",
                title="Phó Giám đốc",
                name="Nguyễn Thị Hồng Nhung",
            ),
        ),
        signature_layout="single",
        recipients=(
            "- Như trên;",
            "- Vụ Thi đua - Khen thưởng (Bộ Công Thương);",
            "- Giám đốc Sở (để b/c);",
            "- Lưu: VT, VP.",
        ),
    )
