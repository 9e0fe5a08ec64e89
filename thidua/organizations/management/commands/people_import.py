from thidua.organizations.imports import people_import
from thidua.organizations.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Nhập dữ liệu từ tệp .csv hoặc .xlsx (xem AGENTS.md về các cột)."
    importer = staticmethod(people_import)
