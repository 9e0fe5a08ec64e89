from typing import Any

from django.core.management.base import BaseCommand

from thidua.devtools.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
from thidua.devtools.demo_awards import seed_demo_awards
from thidua.devtools.demo_commendation import seed_demo_commendation
from thidua.devtools.demo_covenants import seed_demo_covenants


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu Cụm thi đua XI (chạy lại không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = seed_demo()
        seed_demo_covenants()
        seed_demo_awards()  # after the covenants: their signatories are picked by position
        seed_demo_commendation()  # after the history: the engine checks the nominees
        self.stdout.write(
            f"Dữ liệu mẫu: {counts['agencies']} đơn vị, {counts['people']} cá nhân, "
            f"{counts['users']} tài khoản."
        )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {DEMO_PASSWORD}):")
        for username, full_name, _role, _agency in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {full_name}")
