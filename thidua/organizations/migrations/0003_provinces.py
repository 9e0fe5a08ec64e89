"""Reference data: the 63 provincial units before 01/07/2025 and the 34 from that date.

Basis: Resolution 202/2025/QH15 on the arrangement of provincial administrative units, in force
01/07/2025. The 11 units it left unchanged keep one row with no dates. Each of the 23 merged
units is a new row from 01/07/2025; its predecessors end on 30/06/2025 and point to it.
The two-digit codes of the merged units follow the province whose seat the merged unit kept
[?]: an administrator can correct them in the admin.
"""

import datetime as dt

from django.db import migrations

OLD = {
    "01": ("Thành phố Hà Nội", True), "02": ("Hà Giang", False), "04": ("Cao Bằng", False),
    "06": ("Bắc Kạn", False), "08": ("Tuyên Quang", False), "10": ("Lào Cai", False),
    "11": ("Điện Biên", False), "12": ("Lai Châu", False), "14": ("Sơn La", False),
    "15": ("Yên Bái", False), "17": ("Hòa Bình", False), "19": ("Thái Nguyên", False),
    "20": ("Lạng Sơn", False), "22": ("Quảng Ninh", False), "24": ("Bắc Giang", False),
    "25": ("Phú Thọ", False), "26": ("Vĩnh Phúc", False), "27": ("Bắc Ninh", False),
    "30": ("Hải Dương", False), "31": ("Thành phố Hải Phòng", True), "33": ("Hưng Yên", False),
    "34": ("Thái Bình", False), "35": ("Hà Nam", False), "36": ("Nam Định", False),
    "37": ("Ninh Bình", False), "38": ("Thanh Hóa", False), "40": ("Nghệ An", False),
    "42": ("Hà Tĩnh", False), "44": ("Quảng Bình", False), "45": ("Quảng Trị", False),
    "46": ("Thành phố Huế", True), "48": ("Thành phố Đà Nẵng", True), "49": ("Quảng Nam", False),
    "51": ("Quảng Ngãi", False), "52": ("Bình Định", False), "54": ("Phú Yên", False),
    "56": ("Khánh Hòa", False), "58": ("Ninh Thuận", False), "60": ("Bình Thuận", False),
    "62": ("Kon Tum", False), "64": ("Gia Lai", False), "66": ("Đắk Lắk", False),
    "67": ("Đắk Nông", False), "68": ("Lâm Đồng", False), "70": ("Bình Phước", False),
    "72": ("Tây Ninh", False), "74": ("Bình Dương", False), "75": ("Đồng Nai", False),
    "77": ("Bà Rịa - Vũng Tàu", False), "79": ("Thành phố Hồ Chí Minh", True),
    "80": ("Long An", False), "82": ("Tiền Giang", False), "83": ("Bến Tre", False),
    "84": ("Trà Vinh", False), "86": ("Vĩnh Long", False), "87": ("Đồng Tháp", False),
    "89": ("An Giang", False), "91": ("Kiên Giang", False), "92": ("Thành phố Cần Thơ", True),
    "93": ("Hậu Giang", False), "94": ("Sóc Trăng", False), "95": ("Bạc Liêu", False),
    "96": ("Cà Mau", False),
}

# new code: (name, is_city, [old codes merged into it])
MERGED = {
    "08": ("Tuyên Quang", False, ["08", "02"]),
    "15": ("Lào Cai", False, ["10", "15"]),
    "19": ("Thái Nguyên", False, ["19", "06"]),
    "25": ("Phú Thọ", False, ["25", "26", "17"]),
    "24": ("Bắc Ninh", False, ["27", "24"]),
    "33": ("Hưng Yên", False, ["33", "34"]),
    "31": ("Thành phố Hải Phòng", True, ["31", "30"]),
    "37": ("Ninh Bình", False, ["37", "35", "36"]),
    "44": ("Quảng Trị", False, ["45", "44"]),
    "48": ("Thành phố Đà Nẵng", True, ["48", "49"]),
    "51": ("Quảng Ngãi", False, ["51", "62"]),
    "52": ("Gia Lai", False, ["64", "52"]),
    "56": ("Khánh Hòa", False, ["56", "58"]),
    "68": ("Lâm Đồng", False, ["68", "67", "60"]),
    "66": ("Đắk Lắk", False, ["66", "54"]),
    "79": ("Thành phố Hồ Chí Minh", True, ["79", "74", "77"]),
    "75": ("Đồng Nai", False, ["75", "70"]),
    "80": ("Tây Ninh", False, ["72", "80"]),
    "92": ("Thành phố Cần Thơ", True, ["92", "94", "93"]),
    "86": ("Vĩnh Long", False, ["86", "83", "84"]),
    "82": ("Đồng Tháp", False, ["87", "82"]),
    "96": ("Cà Mau", False, ["96", "95"]),
    "91": ("An Giang", False, ["89", "91"]),
}

REFORM_DAY = dt.date(2025, 7, 1)


def load(apps, schema_editor):
    Province = apps.get_model("organizations", "Province")
    merged_codes = {old for _n, _c, olds in MERGED.values() for old in olds}
    old_rows = {}
    for code, (name, is_city) in OLD.items():
        old_rows[code] = Province.objects.create(
            code=code,
            name=name,
            is_city=is_city,
            valid_to=REFORM_DAY - dt.timedelta(days=1) if code in merged_codes else None,
        )
    for code, (name, is_city, olds) in MERGED.items():
        new = Province.objects.create(code=code, name=name, is_city=is_city, valid_from=REFORM_DAY)
        for old in olds:
            old_rows[old].merged_into = new
            old_rows[old].save(update_fields=["merged_into"])


def unload(apps, schema_editor):
    apps.get_model("organizations", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_postgres_search")]

    operations = [migrations.RunPython(load, unload)]
