"""The Decree 30/2020/NĐ-CP (Annex I) measures both renderers use: page, margins, type sizes.

Decree ranges and the value chosen: margins top/bottom 20–25 mm (20), left 30–35 mm (30),
right 15–20 mm (15); national title 12–13 pt (12) with the motto 13–14 pt (13); parent and
issuing bodies 12–13 pt (13); body 13–14 pt (14), first-line indent 1–1.27 cm (1.27 cm),
at least 6 pt between paragraphs; "Nơi nhận:" 12 pt bold italic, its entries 11 pt.
The PDF stylesheet is a template rendered with these values, so the .docx and the PDF agree.
"""

from __future__ import annotations

from typing import Final

FONT_FAMILY: Final = "Times New Roman"
# For the PDF: Liberation Serif has Times New Roman's metrics and the Vietnamese letters.
CSS_FONT_STACK: Final = '"Times New Roman", "Liberation Serif", serif'

PAGE_WIDTH_MM: Final = 210.0
PAGE_HEIGHT_MM: Final = 297.0
MARGIN_TOP_MM: Final = 20.0
MARGIN_BOTTOM_MM: Final = 20.0
MARGIN_LEFT_MM: Final = 30.0
MARGIN_RIGHT_MM: Final = 15.0
# Distance from the top edge to the page number (inside the top margin).
HEADER_DISTANCE_MM: Final = 10.0
TEXT_WIDTH_MM: Final = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

FIRST_LINE_INDENT_MM: Final = 12.7
PARAGRAPH_SPACING_PT: Final = 6.0

BODY_PT: Final = 14.0
PARENT_BODY_PT: Final = 13.0
ISSUING_BODY_PT: Final = 13.0
NUMBER_PT: Final = 13.0
NATIONAL_TITLE_PT: Final = 12.0
MOTTO_PT: Final = 13.0
PLACE_DATE_PT: Final = 14.0
DOC_TYPE_PT: Final = 14.0
SUMMARY_PT: Final = 14.0
SIGNATURE_PT: Final = 14.0
RECIPIENTS_HEADING_PT: Final = 12.0
RECIPIENTS_PT: Final = 11.0
PAGE_NUMBER_PT: Final = 13.0
TABLE_PT: Final = 12.0
# The mark of a draft ("DỰ THẢO") at the top right of page 1.
MARK_PT: Final = 13.0

# The page-1 header: the issuer column on the left, the national column on the right.
HEADER_LEFT_FRACTION: Final = 0.45
# The signature row of a single signer: recipients on the left, the signature on the right.
SIGNATURE_LEFT_FRACTION: Final = 0.45
# Room for the handwritten signature and the seal between the title and the name.
SIGNATURE_SPACE_MM: Final = 24.0
# A short rule (under the issuing body, under the summary) is 1/3–1/2 of its line.
SHORT_RULE_FRACTION: Final = 0.4
RULE_WEIGHT_PT: Final = 0.75

# Advance width of "Độc lập - Tự do - Hạnh phúc" in bold Times New Roman, in ems (measured on
# Liberation Serif Bold, which is metric-compatible): the rule under the motto is this long.
MOTTO_BOLD_WIDTH_EM: Final = 12.2417
