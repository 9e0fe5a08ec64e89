"""The starting text of a covenant drafted without a previous one.

The content items are the targets listed in the 2023 covenant of cluster XI (the news item in
the project's seed); a cluster edits them in its first draft.
"""

from __future__ import annotations

DEFAULT_GOALS = (
    "Đẩy mạnh phong trào thi đua yêu nước, động viên cán bộ, công chức, viên chức và người lao "
    "động của các đơn vị trong cụm phát huy tinh thần đoàn kết, chủ động, sáng tạo, phấn đấu hoàn "
    "thành xuất sắc nhiệm vụ chính trị được giao trong năm; tăng cường phát hiện, xây dựng, nhân "
    "rộng các mô hình, điển hình tiên tiến."
)

DEFAULT_CLOSING = (
    "Các đơn vị trong cụm cùng nhau quyết tâm thực hiện tốt các mục tiêu thi đua để chào mừng "
    "kỷ niệm các ngày lễ lớn trong năm; tăng cường phát hiện, xây dựng, nhân rộng các mô hình, "
    "điển hình tiên tiến trong các phong trào thi đua./."
)

DEFAULT_ITEMS = (
    "Lãnh đạo phong trào thi đua và phấn đấu hoàn thành xuất sắc nhiệm vụ chính trị được giao.",
    "Chấp hành tốt đường lối, chủ trương chính sách của Đảng, pháp luật Nhà nước; tập thể đoàn "
    "kết tốt.",
    "Thực hiện tốt công tác thi đua, khen thưởng.",
    "Xây dựng Công đoàn và Đoàn thanh niên vững mạnh.",
    "Thực hiện tốt cải cách hành chính và chuyển đổi số.",
    "Thực hiện tốt nhiệm vụ quốc phòng.",
    "Xây dựng cơ quan đạt chuẩn “An toàn về an ninh trật tự”.",
    "Triển khai thực hiện tốt và báo cáo đầy đủ về Quy chế dân chủ cơ sở.",
    "Xây dựng “Cơ quan đạt chuẩn văn hóa”.",
    "Không có công chức, viên chức và người lao động vi phạm Luật Giao thông đường bộ; Luật "
    "Phòng, chống tác hại của rượu, bia; thực hiện tốt phòng, chống tham nhũng, thực hành tiết "
    "kiệm, chống lãng phí.",
    "Tổ chức cơ sở đảng đạt “Hoàn thành tốt nhiệm vụ” trở lên; không có đảng viên bị kỷ luật.",
)
