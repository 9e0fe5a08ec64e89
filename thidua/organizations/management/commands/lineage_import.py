from thidua.organizations.imports import lineage_import
from thidua.organizations.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Nhập dữ liệu từ tệp .csv hoặc .xlsx (xem AGENTS.md về các cột)."
    importer = staticmethod(lineage_import)
