"""Who and what an article names: people (with their roles), organisations, places, events, laws.

A domain extractor for this press, not a general NER model. It knows the rank and office
lexicon (ranks and honorifics are roles, never part of a name), the ``Full Name (ACRONYM)``
habit, the head words that open the names of organisations, meetings and agreements,
Vietnamese family names, the shape of foreign names, and a shipped gazetteer of places
(``data/gazetteer.json``). Every mention keeps its character offsets in its field of the
article (``title``, ``lede``, ``body``, ``caption:N``) so that the reader can highlight it.

One module, longer than the store's others: its lexicons and the rules that read them are one
piece. The rules for every kind of name share one tokenizer, one finder of a name's extent and
the lexicons (a role word, or an organisation's head word, ends a person's name); split apart,
each part would import the rest.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .kinds import EntityType
from .text import canon as _canon

# the kinds as plain strings (what an ``Entity`` holds and the library stores), compared in the
# extractor's loops without the enum's own equality and hash
PERSON, ORG, LOC, EVENT, LAW = (kind.value for kind in EntityType)


@lru_cache(maxsize=65536)
def canon(text: str) -> str:
    """``store.text.canon``, remembered: names and forms come back again and again."""
    return _canon(text)


TYPES = (PERSON, ORG, LOC, EVENT, LAW)


def _phrases(block: str) -> list[str]:
    return [p.strip() for p in block.replace("\n", "|").split("|") if p.strip()]


# -- lexicons -------------------------------------------------------------------------------

# Words of crime and court news that stand right before a name (``anh Tuấn``, ``bị cáo
# Nguyễn Văn A``, ``nạn nhân N.T.T.D.``): like an honorific, never a name's part nor a role.
CUES = frozenset(
    _phrases("""
anh|chị|em|cháu|cụ|cô|chú|bác|bé|cậu|thím|dì|mợ|Chị|Cháu|Cụ|Chú|Bác|Cô
đối tượng|bị can|bị cáo|nghi phạm|nghi can|nạn nhân|tử tù|phạm nhân|can phạm|tên|gã|ả
Đối tượng|Bị can|Bị cáo|Nghi phạm|Nghi can|Nạn nhân|Tên|Gã
thượng úy|trung úy|thiếu úy|đại úy|thượng tá|trung tá|thiếu tá|đại tá|thiếu tướng|trung tướng
trinh sát|chiến sĩ|cán bộ|học sinh|sinh viên|tài xế|lái xe|chủ xe|chủ nhà|chủ tiệm|thí sinh
người phát ngôn|luật sư|bác sĩ|nhà báo|phóng viên|HLV|huấn luyện viên|cầu thủ|tiền đạo|tiền vệ
hậu vệ|thủ môn|ca sĩ|diễn viên|người mẫu|thủ lĩnh|trùm|ông trùm|tay súng|nghi phạm đánh bom
tổng thống|thủ tướng|ngoại trưởng|bộ trưởng|thứ trưởng|đại sứ|thượng nghị sĩ|nghị sĩ|giám đốc
chủ tịch|phó chủ tịch|bí thư|phó bí thư|trưởng phòng|phó trưởng phòng|đội trưởng|trưởng công an
""")
)
# Of the cues, those that say who someone is to the story, not an office: not kept as roles.
NOT_ROLES = frozenset(
    _phrases("""
anh|chị|em|cháu|cụ|cô|chú|bác|bé|cậu|thím|dì|mợ|Chị|Cháu|Cụ|Chú|Bác|Cô|đối tượng|bị can|bị cáo
nghi phạm|nghi can|nạn nhân|tử tù|phạm nhân|can phạm|tên|gã|ả|Đối tượng|Bị can|Bị cáo|Nghi phạm
Nghi can|Nạn nhân|Tên|Gã|học sinh|sinh viên|tài xế|lái xe|chủ xe|chủ nhà|chủ tiệm|thí sinh
""")
)

# Ranks, offices and honorifics that stand before a person's name.
ROLE_WORDS = _phrases("""
Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy|Đại uý
Đô đốc|Phó Đô đốc|Chuẩn Đô đốc|Tổng Bí thư|Bí thư|Chủ tịch nước|Chủ tịch|Phó Chủ tịch|Thủ tướng
Phó Thủ tướng|Phó thủ tướng|Bộ trưởng|Thứ trưởng|Tổng cục trưởng|Cục trưởng|Phó Cục trưởng
Vụ trưởng|Phó Vụ trưởng|Giám đốc|Phó Giám đốc|Tổng Giám đốc|Tổng Thư ký|Tổng thư ký
Phó Tổng Thư ký|Phó Tổng thư ký|Đại sứ|Tổng Lãnh sự|Lãnh sự|Trưởng đoàn|Trưởng Phái đoàn
Trưởng phái đoàn|Chủ nhiệm|Phó Chủ nhiệm|Ủy viên|Uỷ viên|Tư lệnh|Phó Tư lệnh|Chánh án
Viện trưởng|Người phát ngôn|Tổng thống|Phó Tổng thống|Ngoại trưởng|Quốc vương|Thống đốc
Trưởng|Phó|Trưởng ban|Phó Trưởng ban|Chánh Văn phòng|Thư ký|Nghị sĩ|Thượng nghị sĩ
Hạ nghị sĩ|Luật sư|Tiến sĩ|Giáo sư|Phó Giáo sư|GS|PGS|TS|ThS|Thạc sĩ|Bác sĩ|Nhà báo
ông|bà|Ông|Bà|đồng chí|Đồng chí|ngài|Ngài
""") + sorted(CUES)
HONORIFICS = {"ông", "bà", "Ông", "Bà", "đồng chí", "Đồng chí", "ngài", "Ngài"}


# Head words that open the name of an organisation, an event, an agreement.
ORG_HEADS = _phrases("""
Văn phòng|Cơ quan|Ủy ban|Uỷ ban|Hội đồng|Liên minh|Hiệp hội|Tổ chức|Trung tâm|Quỹ|Viện|Học viện
Cục|Tổng cục|Vụ|Sở|Bộ|Ban|Đảng|Quốc hội|Tòa án|Toà án|Viện kiểm sát|Cảnh sát|Đại sứ quán
Nghị viện|Hạ viện|Thượng viện|Ngân hàng|Đại học|Tập đoàn|Công ty|Bộ Tư lệnh|Tổng công ty
Liên đoàn|Mặt trận|Trại giam|Đơn vị|Cộng đồng|Phái đoàn thường trực|Chính phủ
Công an|Tòa án nhân dân|Toà án nhân dân|Viện Kiểm sát|Viện Kiểm sát nhân dân|Viện kiểm sát nhân dân|
Viện Kiểm sát Nhân dân|Tòa án Nhân dân|Ủy ban nhân dân
Uỷ ban nhân dân|Hội đồng nhân dân|Bộ Chỉ huy|Bộ đội Biên phòng|Đồn Biên phòng|Đồn biên phòng
Phòng|Bệnh viện|Trường|Chi cục|Đội|Công ty|Công ty TNHH|Công ty CP|Công ty cổ phần|Đoàn luật sư
Đoàn Luật sư|Hãng luật|Kho bạc|Cảng vụ|Nhà máy|Nhà hát|Đảng ủy|Đảng uỷ|Ban chấp hành|Ban Chấp hành
Thanh tra|Quân đội|Sư đoàn|Lữ đoàn|Trung đoàn|Tiểu đoàn|Hải quân|Không quân|Báo|Tạp chí|Đài
Hợp tác xã|Nhà xuất bản|Ngân hàng Nhà nước|Quân khu|Bộ Tổng Tham mưu|Tổng cục Hải quan|Hải quan
UBND|HĐND|TAND|VKSND|Viện KSND|BV|BVĐK|Cơ quan CSĐT|Cơ quan Cảnh sát điều tra|BHXH
Bảo hiểm xã hội
""")
# Heads written in lowercase in running text that still name one body when a place follows
# ("công an huyện Đoan Hùng", "ủy ban nhân dân xã ..."): only with an administrative unit.
LOWER_ORG_HEADS = _phrases("""
công an|ủy ban nhân dân|uỷ ban nhân dân|tòa án nhân dân|toà án nhân dân|viện kiểm sát nhân dân
bệnh viện|cơ quan công an|cơ quan cảnh sát điều tra|cơ quan CSĐT|ngân hàng|đồn biên phòng
cơ quan điều tra|cơ quan cảnh sát điều tra|phòng cảnh sát|đội cảnh sát|chi cục|trường
""")
# Heads that name a kind of body, not one: alone ("UBND", "Công an", "TAND") they are not an
# organisation; with a place or a name after them they are ("UBND tỉnh Nghệ An").
KIND_HEADS = frozenset(
    _phrases("""
Công an|UBND|HĐND|TAND|VKSND|Viện KSND|BV|BVĐK|Tòa án nhân dân|Toà án nhân dân
Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|Cơ quan CSĐT|Cơ quan Cảnh sát điều tra
Viện kiểm sát nhân dân|Phòng|Đội|Trường|Bệnh viện|Công ty|Báo|Đài|Thanh tra|Hải quan|Đảng ủy
BHXH|Bảo hiểm xã hội
""")
)
# Heads of a unit inside a body: with only kinds of bodies after them ("Cơ quan Công an",
# "Phòng Cảnh sát") they name no one body.
SUBUNIT_HEADS = frozenset(_phrases("Cơ quan|Phòng|Đội|Ban|Văn phòng|Bộ phận|Đơn vị"))
# Bodies that a unit's name goes on into: "Phòng Cảnh sát hình sự Công an tỉnh Sóc Trăng".
PARENT_HEADS = frozenset(_phrases("Công an|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Sở|Bộ Công an"))
# Acronyms of a kind of body or of a common noun: alone, never an organisation.
GENERIC_ACRONYMS = frozenset(
    """UBND HĐND THPT THCS CSGT BHYT BHXH GTVT HĐXX TAND VKSND CSĐT CSHS CAND QĐND ANTT TTATGT
    PCCC CNCH ATGT ATTP GDĐT GD-ĐT LĐTBXH TNHH CTCP KCN BCH HTX THCS MTTQ ĐBQH CSCĐ CSKV
    ANND CSND CSDL NXB BVĐK BV CA PV ATM SIM GPS CCTV CMND CCCD GPLX""".split()
)
_ORG_HEAD_SET = frozenset(ORG_HEADS)
# heads after which lowercase words may come before the Titlecase part of the name:
# "Hội đồng tư vấn AIPA", "Trung tâm điều phối sông Mê Công", "Lễ bế mạc Tuần lễ ..."
LOOSE_HEADS = {
    "Hội đồng",
    "Trung tâm",
    "Tổ chức",
    "Ủy ban",
    "Uỷ ban",
    "Lễ",
    "Hội nghị",
    "Cảnh sát",
    "Hội thảo",
    "Phái đoàn thường trực",
    "Chương trình",
    "Chiến lược",
    "Kế hoạch hành động",
    "Công ước",
    "Hiệp định",
    "Thỏa thuận",
    "Thoả thuận",
}
EVENT_HEADS = _phrases("""
Hội nghị|Hội thảo|Diễn đàn|Tuần lễ|Lễ|Hội nghị thượng đỉnh|Thượng đỉnh|Phiên họp|Kỳ họp|Đại hội
Triển lãm|Chiến dịch|Tọa đàm|Toạ đàm
""")
LAW_HEADS = _phrases("""
Công ước|Hiệp định|Nghị định thư|Thỏa thuận|Thoả thuận|Kế hoạch hành động|Kế hoạch|Chiến lược
Hiến chương|Tuyên bố chung|Tuyên bố|Chương trình mục tiêu quốc gia|Chương trình hành động
Chương trình|Bản ghi nhớ|Luật|Nghị quyết|Nghị định|Hiệp ước|Sáng kiến
""")

# Organisations known by name or acronym: (name, other forms...).
KNOWN_ORGS = [
    ("Liên Hợp Quốc", "Liên hợp quốc", "Liên Hợp quốc", "LHQ"),
    ("ASEAN", "Hiệp hội các quốc gia Đông Nam Á"),
    ("Liên minh châu Âu", "EU"),
    ("Tổ chức Y tế Thế giới", "WHO"),
    ("INTERPOL", "Interpol"),
    ("Bộ Công an", "Bộ Công an Việt Nam"),
    ("Bộ Ngoại giao",),
    ("Bộ Quốc phòng",),
    ("Bộ Chính trị",),
    ("Quốc hội",),
    ("Trung ương Đảng", "Ban Chấp hành Trung ương Đảng"),
    ("UNODC",),
    ("AIPA",),
    ("CND",),
    ("ASEANAPOL",),
    ("IPU",),
    ("UNOCT",),
    ("UNOV",),
    ("FATF",),
    ("UNDP",),
    ("UNICEF",),
    ("IOM",),
    ("ILO",),
    ("NATO",),
    ("WTO",),
    ("IMF",),
    ("ADB",),
    # the world's agencies, media, platforms and armed groups that the news names most
    ("Reuters",),
    ("AFP",),
    ("CNN",),
    ("BBC",),
    ("New York Times", "The New York Times"),
    ("Washington Post", "The Washington Post"),
    ("Wall Street Journal", "The Wall Street Journal"),
    ("Bloomberg",),
    ("Al Jazeera",),
    ("Tân Hoa Xã", "Xinhua"),
    ("Yonhap",),
    ("Kyodo",),
    ("TASS",),
    ("Sputnik",),
    ("NHK",),
    ("FBI",),
    ("CIA",),
    ("Facebook",),
    ("Google",),
    ("Twitter",),
    ("YouTube",),
    ("Apple",),
    ("Microsoft",),
    ("Taliban",),
    ("Hamas",),
    ("Hezbollah",),
    ("Boko Haram",),
    ("al-Qaeda", "Al-Qaeda", "al Qaeda", "Al Qaeda"),
    ("Nhà nước Hồi giáo", "IS", "ISIS", "IS tự xưng"),
    ("Europol",),
    ("Công an nhân dân",),
    ("Quân đội nhân dân", "Quân đội nhân dân Việt Nam"),
    ("FIFA",),
    ("UEFA",),
    ("Manchester United", "Man Utd", "MU", "Man United"),
    ("Manchester City", "Man City"),
    ("Real Madrid",),
    ("Chelsea",),
    ("Arsenal",),
    ("Bayern Munich",),
    ("Juventus",),
    ("PSG", "Paris Saint-Germain"),
]
# News sites named by their address: "Zing.vn", "VnExpress.net".
_SITE = re.compile(r"(?<![\w.@/])[A-Z][\w-]{1,30}\.(?:vn|com\.vn|net|com|org)(?![\w])")
# Lowercase words that introduce a newspaper, an agency or a channel by its name.
MEDIA_HEADS = _phrases("báo|tờ|tờ báo|hãng tin|hãng thông tấn|kênh|đài|trang tin|tạp chí")
_MEDIA_FIRST = frozenset(p.split()[0] for p in MEDIA_HEADS)
# Words before "báo" that make a compound, not a newspaper: "cảnh báo", "thông báo".
_BAO_COMPOUNDS = {"cảnh", "thông", "dự", "tình", "khai", "tố", "họp", "cấp", "báo", "loan"}
# Capitalised words that never open a person's name.
NOT_NAME_WORDS = set(
    """Hội Nghị Bộ Công Quốc Liên Hợp Ủy Uỷ Ban Cục Văn Cơ Tổ Trung Tâm Viện Sở Đảng Nhà Nước
    Chính Phủ Thủ Tướng Đoàn Đại Biểu Thứ Tại Trong Theo Với Về Các Những Của Và Khi Sau Trước
    Cộng Hòa Hoà Chủ Nghĩa Xã Tuần Lễ Ước Hiệp Định Kế Hoạch Chiến Lược Phòng Chống Ngoại
    Giao Vụ Nội An Ninh Đối Thường Trực Tư Pháp Cảnh Sát Thông Báo Hôm Nay Ngày Tháng Năm Đây
    Việc Bên Cũng Đồng Thời Ngoài Ra Dự Kiến Đặc Biệt Tuy Nhiên Do Đó Từ Này Hai Ba Một
    Phó""".split()
)
# Capitalised common nouns: "Thủ đô", "Nhà nước" are not a name after a place word.
COMMON_CAPITALISED = {("Thủ", "đô"), ("Nhà", "nước"), ("Chính", "phủ"), ("Trung", "ương")}
# Words that open a heading or a sentence after a name without a full stop between.
HEADING_WORDS = frozenset(
    "Về Theo Trong Tại Với Sau Trước Khi Các Những Của Và Ngày Hôm Đây Việc Từ Do Ảnh Clip".split()
)
# Common Vietnamese family names: a capitalised run that starts with one is a person's name.
SURNAMES = set(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Tô Vương Từ
    Trịnh Đinh Lâm Mai Đào Cao Hà Lưu Tạ Lương Quách Trương Tăng Phùng Doãn Kiều Khổng Mạc
    Lã Nông Triệu Chu Kim Tôn Thân Tống Lục Đàm Cù Hứa Diệp Lò Lường Quàng Sầm Giàng Thào
    Sùng Cầm Bế Âu Lại Khúc Giáp Hầu""".split()
)
# Lowercase words that end a name (of an organisation, event, agreement) or a role.
STOP_WORDS = set(
    """và của với đã sẽ đang cùng tại ở cho trong là có được các những này đó nhằm để từ theo
    đến vào ra khi thì mà nên do bởi như cũng hoặc hay trên dưới sau trước giữa hôm nay vừa
    mới tiếp nhưng rằng ngày tháng gồm diễn được về hai""".split()
)
# Of those, the ones that may stand inside a name: "Ủy ban Về các vấn đề xã hội",
# "Bộ Nội vụ và Chính quyền địa phương", "Công ước của Liên hợp quốc về ...".
INNER_WORDS = {"về", "của", "và", "các", "những", "tại", "trong", "cho"}
# Words after which a role goes on without naming anyone.
ROLE_STOPS = set(
    """đã sẽ đang cho là có được nhằm để khi thì mà tiếp hôm cùng và với đến vào ra cũng nói
    rằng nhưng""".split()
)
NOT_ACRONYMS = set(
    """COVID TTXVN VGP ĐBQH CHXHCN TP GMT PV TS GS PGS STT VND USD EUR AIDS HIV CNTT TTO VNA
    AP""".split()
)
LAW_ACRONYMS = {"MOU", "SAP", "UNTOC", "UNCAC", "TIP"}
# Common nouns that look like names after a head word.
NOT_NAMES = {"chương trình nghị sự", "hiệp định song phương", "hiệp định đa phương"}
EVENT_ACRONYMS = {"SOMTC", "AMMTC", "AIPACODD", "HONLEA", "AMMD", "ASOD", "APEC", "ADMM", "AMM"}
# Place names that are also common words: only after "nước" or in a longer form.
AMBIGUOUS_PLACES = {"anh", "ý", "áo", "đức", "bỉ", "úc", "viên", "séc", "pháp", "nga"}

# Words that make the name after them a place: administrative units, villages, streets,
# roads, border gates, markets, bridges, rivers. "Quận", "Phường" capitalised too (a title, a
# sentence's start).
ADMIN_WORDS = _phrases("""
tỉnh|thành phố|TP|Tp|huyện|quận|thị xã|TX|xã|phường|thị trấn|thôn|ấp|bản|làng|xóm|khóm|Quốc Lộ
tổ dân phố|khu phố|khu dân cư|cửa khẩu|cửa khẩu quốc tế|Cửa khẩu quốc tế|đường|phố|ngõ|ngách
hẻm|đại lộ|quốc lộ|QL|tỉnh lộ
chợ|cầu|sông|đê|vịnh|đảo|hang|đèo|sân bay|bến xe|bến cảng|khu công nghiệp|KCN|eo biển
tuyến|tuyến đường|tuyến phố|khách sạn|Vịnh|Cầu|Chợ
Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Thôn|Ấp|Đường|Phố|Quốc lộ|Tỉnh lộ
Cửa khẩu|Sân bay
""")
# Of those, the units that administer (the police, courts and committees of a place are named
# after them: "Công an huyện Đoan Hùng") and whose number makes a name ("quận 1", "ấp 2").
ADMIN_UNITS = frozenset(
    _phrases("""
tỉnh|thành phố|TP|Tp|huyện|quận|thị xã|TX|xã|phường|thị trấn|Tỉnh|Thành phố|Huyện|Quận
Thị xã|Xã|Phường|Thị trấn
""")
)
NUMBERED_UNITS = frozenset(
    _phrases("""
quận|phường|ấp|thôn|xóm|khóm|tổ dân phố|khu phố|bản|quốc lộ|QL|tỉnh lộ|Quận|Phường|Ấp|Thôn
Quốc lộ|Quốc Lộ|Tỉnh lộ|khu|Khu|đường số|tổ
""")
)
# Of those, the words that belong to the place's name: "cầu London", "chợ Mơ", "Vịnh Hạ Long".
FEATURE_WORDS = frozenset(
    _phrases("""
chợ|cầu|sông|đê|vịnh|đảo|hang|đèo|bến xe|bến cảng|khu công nghiệp|KCN|eo biển|khách sạn|Vịnh
Cầu|Chợ
""")
)
# Words after which an abbreviated unit goes on past a full stop: "TP.HCM", "TX.Điện Bàn".
_DOTTED_UNITS = {"TP", "Tp", "TX", "Q", "P"}
_ROAD = re.compile(r"(?:QL|TL|ĐT)\d{1,3}[A-Z]?")
_HCM = {"hcm", "hồ chí minh", "hồ chí minh city"}
HCM_NAME = "TP.HCM"

# Two-syllable verbs of this press: a name does not run on through them.
VERBS = frozenset(
    tuple(v.split())
    for v in _phrases("""
dẫn đầu|tham dự|chủ trì|cam kết|mong muốn|bàn giao|khẳng định|đánh giá|kêu gọi|đề nghị
nhấn mạnh|thông qua|triển khai|phối hợp|tiếp tục|hỗ trợ|ký kết|cho biết|đồng hành|tăng cường
đẩy mạnh|thúc đẩy|tham gia|đăng cai|hoan nghênh|trao đổi|chia sẻ|thảo luận|phát biểu|tiếp nhận
tiến hành|thực hiện|xây dựng|ủng hộ|bày tỏ|công bố|ban hành|quyết định|chúc mừng|cảm ơn
tiếp đón|làm việc|hội đàm|gặp gỡ|nêu rõ|báo cáo|đề xuất|yêu cầu|hướng dẫn|tổ chức|tiếp đón
phê duyệt|tham mưu|chuyển tải|cử đoàn|diễn ra|kết thúc|ghi nhận
xử lý|chất vấn|cáo buộc|chỉ đạo|giúp đỡ|truy cứu|phát hiện|bắt giữ|khởi tố|điều tra|xác minh
tạm giữ|tạm giam|truy tố|xét xử|tuyên án|thông tin|cung cấp|phê chuẩn|vào cuộc|kiểm tra|làm rõ
xác định|thu giữ|tịch thu|phong tỏa|truy nã|triệt phá|đấu tranh|ngăn chặn|cảnh báo|khuyến cáo
cho hay|thông báo|tuyên bố|bác bỏ|phủ nhận|xác nhận|tấn công|tiến hành|đưa ra|ra quyết|chia sẻ
cho rằng|lên án|tiếp cận|đánh sập|bao vây|giải cứu|hoàn tất|trao trả|bàn giao|tiếp tục
""")
)
# One-syllable verbs that end a name's lowercase tail: "Công ty Makalot ký", "Quân đội ... tiến".
TAIL_VERBS = frozenset(
    """bắt đưa tuyên xử phạt ký nói gửi trả nhận bác cấm chia tiến hoàn tìm lập mở đóng chặn
    giữ thu yêu đề cho vẫn còn hơn đã sẽ đang vừa mới chưa không tổng quản bị được nộp
    thuê""".split()
)


def _verb_at(tokens: list[_Tok], k: int) -> bool:
    return k + 1 < len(tokens) and (tokens[k].text, tokens[k + 1].text) in VERBS


_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass
class Mention:
    field: str
    start: int
    end: int
    text: str


@dataclass
class Entity:
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]

    def add_alias(self, alias: str) -> None:
        alias = " ".join(alias.split())
        if alias and alias != self.name and alias not in self.aliases:
            key = canon(alias)
            if key not in {canon(f) for f in self.forms}:
                self.aliases.append(alias)


# -- gazetteer -------------------------------------------------------------------------------


# Tiers of a place: a name that stands alone (countries, provinces, the world's cities), a
# district (alone only when it cannot be read as a person's name), a commune or ward (only
# after its administrative word: ``xã Diễn Kỷ``).
STRONG, DISTRICT, COMMUNE = 0, 1, 2
_DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def _gazetteer_tiers() -> dict[str, tuple[str, int]]:
    """Place form (canonical) -> (the place's name, its tier), read once from ``data/``:
    the hand-written ``gazetteer.json`` and the generated ``places.tsv.gz``."""
    places: dict[str, tuple[str, int]] = {}
    data = json.loads((_DATA / "gazetteer.json").read_text("utf-8"))
    for key, groups in data.items():
        if not key.startswith("_"):
            for group in groups:
                for form in group:
                    places[canon(form)] = (group[0], STRONG)
    tiers = {"country": STRONG, "province": STRONG, "district": DISTRICT, "commune": COMMUNE}
    with gzip.open(_DATA / "places.tsv.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            kind, *forms = line.rstrip("\n").split("\t")
            tier = tiers.get(kind, COMMUNE)
            words = forms[0].split()
            if tier != STRONG and words[0] in SURNAMES:
                tier = COMMUNE  # "Hoàng Mai", "Ngô Quyền": only with their admin word
            if kind == "province" and len(words) == 3 and words[0] in SURNAMES:
                continue  # "Hồ Chí Minh" alone is the man; the city is "TP.HCM" and its forms
            name = places.get(canon(forms[0]), (forms[0], tier))[0]
            for form in forms:
                key = canon(form)
                if key not in places or places[key][1] > tier:
                    places[key] = (name, tier)
    return places


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Place form (lowercase, marks kept) -> the place's name: the places that stand alone."""
    return {form: name for form, (name, tier) in _gazetteer_tiers().items() if tier == STRONG}


def _place(words: str) -> str | None:
    return gazetteer().get(canon(" ".join(words.split())))


def _any_place(words: str) -> tuple[str, int] | None:
    """A place of any tier: (its name, its tier)."""
    return _gazetteer_tiers().get(canon(" ".join(words.split())))


@lru_cache(maxsize=4)
def _place_index(tier: int) -> tuple[dict[tuple[str, ...], str], dict[str, int]]:
    """The places of at most ``tier``: every form as its words -> the place's name; and the
    first word of a form -> the most words a form starting with it has."""
    forms: dict[tuple[str, ...], str] = {}
    longest: dict[str, int] = {}
    for form, (name, level) in _gazetteer_tiers().items():
        words = tuple(w for w in re.split(r"[\s\-–]+", form) if w)
        if words and level <= tier:
            forms[words] = name
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return forms, longest


def _place_at(tokens: list[_Tok], i: int, tier: int = STRONG) -> tuple[int, str] | None:
    """A place of at most ``tier`` whose name starts at token i: (its length in tokens,
    its name), the longest."""
    forms, longest = _place_index(tier)
    most = longest.get(tokens[i].key, 0)
    if not most:
        return None
    n = 1
    while n < most and i + n < len(tokens) and (tokens[i + n].glued or tokens[i + n].dashed):
        n += 1
    while n:
        name = forms.get(tuple(t.key for t in tokens[i : i + n]))
        if name is not None:
            return n, name
        n -= 1
    return None


_VIET_SYLLABLE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]{1,3}"
    r"(?:ng|nh|ch|[cmnpt])?$"
)


def looks_vietnamese(word: str) -> bool:
    """Whether a word can be one Vietnamese syllable (``Waly``, ``Casas`` cannot)."""
    return bool(_VIET_SYLLABLE.match(word.lower()))


# -- tokens ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    key: str = ""  # canon(text): lowercase, tones placed one way
    glued: bool = False  # only spaces stand between it and the token before
    dashed: bool = False  # a dash stands between it and the token before ("Á - Thái")
    acronym: bool = False
    title: bool = False
    lower: bool = False


def _tokens(text: str) -> list[_Tok]:
    keys = _canon(text)
    tokens: list[_Tok] = []
    previous_end = -1
    for match in _WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        gap = text[previous_end:start].strip() if previous_end >= 0 else "x"
        first = word[0]
        acronym = len(word) >= 2 and word[:2].isupper() and word[:2].isalpha()
        tokens.append(
            _Tok(
                word,
                start,
                end,
                keys[start:end],
                gap == "",
                gap in ("-", "–"),
                acronym,
                first.isupper() and not acronym,
                first.islower(),
            )
        )
        previous_end = end
    return tokens


def _gap(text: str, tokens: list[_Tok], k: int) -> str:
    """What stands between token k-1 and token k."""
    return text[tokens[k - 1].end : tokens[k].start]


def _joined(text: str, tokens: list[_Tok], k: int) -> bool:
    return k > 0 and tokens[k].glued


@lru_cache(maxsize=8)
def _index(kind: str) -> dict[str, list[list[str]]]:
    source = {"role": ROLE_WORDS, "org": ORG_HEADS, "event": EVENT_HEADS, "law": LAW_HEADS}[kind]
    index: dict[str, list[list[str]]] = {}
    for phrase in source:
        words = phrase.split()
        index.setdefault(words[0], []).append(words)
    return index


def _head(tokens: list[_Tok], i: int, kind: str) -> int:
    """Length in tokens of the longest ``kind`` phrase starting at token i (0: none)."""
    best = 0
    for words in _index(kind).get(tokens[i].text, ()):
        n = len(words)
        if (
            n > best
            and i + n <= len(tokens)
            and all(tokens[i + m].text == words[m] for m in range(1, n))
        ):
            best = n
    return best


def _role_at(tokens: list[_Tok], i: int) -> int:
    """A role starting at token i (``Bộ trưởng``, not the organisation ``Bộ``)."""
    n = _head(tokens, i, "role")
    if n == 1 and tokens[i].text in _ORG_HEAD_SET:
        return 0
    return n


def _name_run(text: str, tokens: list[_Tok], i: int) -> int:
    """How many Titlecase tokens, joined by spaces only, start at token i."""
    n = 0
    while i + n < len(tokens) and tokens[i + n].title:
        if n and not _joined(text, tokens, i + n) and not _middle_initial(text, tokens, i, n):
            break
        n += 1
    return n


def _middle_initial(text: str, tokens: list[_Tok], i: int, n: int) -> bool:
    """Whether token i+n goes on a foreign name past a middle initial: "George W. Bush"."""
    initial = tokens[i + n - 1]
    return (
        n >= 2
        and len(initial.text) == 1
        and initial.text.isupper()
        and _gap(text, tokens, i + n).strip() == "."
        and text[initial.end + 1 : initial.end + 2] == " "
        and not looks_vietnamese(tokens[i].text)
        and not looks_vietnamese(tokens[i + n].text)
    )


# -- candidates ---------------------------------------------------------------------------------


@dataclass
class _Cand:
    type: str
    start: int
    end: int
    name: str
    priority: float  # higher wins an overlap; 7.5: an address over a full name
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    short: bool = False  # a one-word reference to a person named in full
    head_words: int = 1  # for a name opened by a head word: the head's length


_CREDIT_WORDS = ("Ảnh", "ẢNH", "ảnh", "Nguồn", "Photo", "Video", "Clip", "Đồ họa")
_CREDIT = re.compile(r"\b(?:Ảnh|ẢNH|ảnh|Nguồn|Photo|Video|Clip|Đồ họa)\s*:\s*[^.()\n]{1,60}")
_AGENCY_CREDIT = re.compile(r"(?<![\w.])[\w.]+(?: \w+)?/(?:TTXVN|Vietnam\+|VNA)\b")
_ACRONYM_DEF = re.compile(r"\(\s*([A-ZĐ][A-ZĐa-z0-9]*[A-ZĐ0-9](?:\s?\d{1,3})?)\s*\)")
_ORDINAL_AFTER = re.compile(r"^\s*lần thứ (\d{1,3})\b")
_HARD_STOPS = set(';:.()“”"?!\n')


@dataclass
class _Definition:
    type: str
    name: str  # the full name
    acronym: str


def _definitions(text: str, tokens: list[_Tok]) -> list[_Definition]:
    """``Full Name (ACRONYM)``: the full name runs back from the bracket to its head word."""
    found: list[_Definition] = []
    for match in _ACRONYM_DEF.finditer(text):
        acronym = " ".join(match.group(1).split())
        if acronym.split()[0] in NOT_ACRONYMS or _place(acronym):
            continue
        end = next((k for k, t in enumerate(tokens) if t.start >= match.start()), len(tokens))
        best_org = best_other = None
        k = end - 1
        while k >= 0 and end - k <= 30:
            tok = tokens[k]
            if k < end - 1:
                gap = text[tok.end : tokens[k + 1].start]
                if any(c in _HARD_STOPS for c in gap):
                    break
                if "," in gap and not tokens[k + 1].lower:
                    break  # a list: "Mỹ, Trung Quốc, ..."
            if (
                tok.lower
                and tok.text in STOP_WORDS
                and tok.text not in INNER_WORDS
                and not _inner_phrase(tokens, k)
            ):
                break
            if tok.title and not _role_at(tokens, k):
                for kind, etype in (("event", EVENT), ("law", LAW)):
                    if best_other is None and _head(tokens, k, kind):
                        best_other = (k, etype)
                org_head = _head(tokens, k, "org")
                if org_head and (best_other is None or k + org_head == best_other[0]):
                    best_org = (k, ORG)  # the farthest head: "Liên minh Nghị viện Thế giới"
            k -= 1
        chosen = best_other or best_org
        if best_org and best_other and best_org[0] < best_other[0]:
            # "Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO)": an organisation named after a treaty
            head = _head(tokens, best_org[0], "org")
            if best_org[0] + head == best_other[0]:
                chosen = best_org
        if chosen is None:
            continue
        start, etype = chosen
        letters = re.match(r"[A-Z]+", acronym)
        if letters and letters.group() in LAW_ACRONYMS and etype != LAW:
            # "Hội nghị cấp Bộ trưởng ... (MOU1993)": the meeting, and the memorandum it signed
            if etype == EVENT:
                full_event = " ".join(text[tokens[start].start : match.start()].split())
                found.append(_Definition(EVENT, full_event, full_event))
            found.append(_Definition(LAW, acronym, acronym))
            continue
        full = " ".join(text[tokens[start].start : match.start()].split())
        ordinal = _ORDINAL_AFTER.match(text[match.end() :])
        if etype == EVENT and ordinal and not re.search(r"\d", acronym):
            acronym = f"{acronym} {ordinal.group(1)}"
        found.append(_Definition(etype, full, acronym))
    return found


def _name_after_role(text: str, tokens: list[_Tok], i: int, n: int) -> _Cand | None:
    """The person a role names: ``Thứ trưởng Ngoại giao nước Cộng hòa Haiti Azad Pierre ...``."""
    role_word = " ".join(t.text for t in tokens[i : i + n])
    honorific = role_word in HONORIFICS or role_word in CUES
    k = i + n
    initials = _INITIALS.match(text, tokens[k].start) if k < len(tokens) else None
    if initials and tokens[k].glued:  # "bị can N.V.H.", "anh Y."
        role = role_word if not honorific else ""
        return _Cand(PERSON, initials.start(), initials.end(), initials.group(), 9, role=role)
    limit = min(len(tokens), k + (1 if honorific else 16))
    while k < limit:
        gap = _gap(text, tokens, k)
        if any(c in _HARD_STOPS or c == "," for c in gap):
            return None
        tok = tokens[k]
        if tok.lower:
            if tok.text in ROLE_STOPS:
                return None
            k += 1
            continue
        run = _name_run(text, tokens, k)
        if not run:  # an acronym: part of the role ("Trưởng SOMTC")
            k += 1
            continue
        if _head(tokens, k, "org") and not honorific:
            k += run  # "Phó đội trưởng Đội Thanh tra ...": the unit, part of the office
            continue
        if _role_at(tokens, k) > 1:
            return None  # "ông Giám đốc Công an tỉnh": an office, no name
        words = [t.text for t in tokens[k : k + run]]
        trimmed = _trim_place(words)
        start = k + len(words) - len(trimmed)
        while len(trimmed) > 1 and trimmed[-1] in HEADING_WORDS:
            trimmed = trimmed[:-1]  # "... Nguyễn Phú Trọng Về": a heading follows
        if len(trimmed) == 1 and not honorific and start > i + n + (len(words) - len(trimmed)):
            k += run  # "Tổng thống Trump", not a word further on: "Bộ trưởng ... Guardian"
            continue
        if _plausible_name(trimmed, after_role=True, role=role_word):
            last = tokens[start + len(trimmed) - 1]
            role = " ".join(text[tokens[i].start : tokens[start].start].split())
            return _Cand(
                PERSON,
                tokens[start].start,
                last.end,
                " ".join(text[tokens[start].start : last.end].split()),
                8,
                role=role,
                short=len(trimmed) == 1,
            )
        k += run
    return None


def _trim_place(words: list[str]) -> list[str]:
    """``Haiti Azad Pierre Nasser Belford``: the words after a leading place name."""
    for cut in (3, 2, 1):
        if len(words) > cut and _place(" ".join(words[:cut])):
            return words[cut:]
    return words


# Initials: "N.V.H.", "N.T.T.D", "T.T", "Y." (one letter: only right after a cue)
_INITIALS = re.compile(r"(?:[A-ZĐ]\.){1,5}[A-ZĐ](?![\w])\.?|[A-ZĐ]\.(?!\w)")
_INITIALS_ALONE = re.compile(r"(?<![\w.])(?:[A-ZĐ]\.){2,5}[A-ZĐ]?(?![\w])")

_PERSON_CUE = re.compile(
    r"(?:đối tượng|nghi phạm|nghi can|bị can|bị cáo|công dân|dẫn độ|truy nã)\s*$", re.IGNORECASE
)


def _people(text: str, tokens: list[_Tok], inside: set[int]) -> list[_Cand]:
    found: list[_Cand] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        role_len = _role_at(tokens, i)
        if role_len and (i in inside or (tok.title and _place_at(tokens, i, DISTRICT))):
            role_len = 0  # "Bà Rịa", "Hai Bà Trưng": a place, not "bà" and a name
        if role_len:
            cand = _name_after_role(text, tokens, i, role_len)
            if cand is not None:
                found.append(cand)
                i = _token_after(tokens, i, cand.end)
            else:
                i += role_len
            continue
        alone = _INITIALS_ALONE.match(text, tok.start) if len(tok.text) == 1 else None
        if alone and tok.title:  # "trùm giang hồ N.C.": initials of two letters or more
            found.append(_Cand(PERSON, alone.start(), alone.end(), alone.group(), 6))
            i = _token_after(tokens, i, alone.end())
            continue
        if tok.title and (tok.text in SURNAMES or not looks_vietnamese(tok.text)):
            if (
                _after_admin(text, tokens, i) or i in inside
            ):  # "đường Nguyễn Huệ", "số 36 Ngô Quyền": a street
                i += _name_run(text, tokens, i)
                continue
            run = _name_run(text, tokens, i)
            while run > 2 and tokens[i + run - 1].text in HEADING_WORDS:
                run -= 1  # "Nguyễn Phú Trọng Về ...": a heading follows
            words = [t.text for t in tokens[i : i + run]]
            half = len(words) // 2
            if len(words) >= 4 and len(words) % 2 == 0 and words[:half] == words[half:]:
                run = half  # "Warren Buffett Warren Buffett": a caption ran into the text
                words = words[:half]
            vietnamese = tok.text in SURNAMES
            cue = _PERSON_CUE.search(text[max(0, tok.start - 40) : tok.start])
            foreign = not vietnamese and not cue and _foreign_person(tokens, i, words)
            if (
                2 <= len(words) <= (4 if vietnamese else 5)
                and (vietnamese or cue or foreign)
                and (_plausible_name(words, after_role=False) or (cue and _foreign(words)))
            ):
                found.append(
                    _Cand(
                        PERSON,
                        tok.start,
                        tokens[i + run - 1].end,
                        " ".join(text[tok.start : tokens[i + run - 1].end].split()),
                        7 if vietnamese else 6,
                    )
                )
                i += run
                continue
        i += 1
    return found


def _token_after(tokens: list[_Tok], i: int, end: int) -> int:
    """The first token from i on that starts at or after ``end``."""
    while i < len(tokens) and tokens[i].start < end:
        i += 1
    return i


def _after_admin(text: str, tokens: list[_Tok], i: int) -> bool:
    """Whether an administrative or street word (or ``số 36``) stands right before token i."""
    if not tokens[i].glued:  # "TP. Hồ Chí Minh", "TX.Điện Bàn"
        gap = _gap(text, tokens, i) if i else ""
        return tokens[i - 1].text in _DOTTED_UNITS and gap.strip() == "." and len(gap) <= 2
    k = i - 1
    while k > 0 and tokens[k].text[0].isdigit() and i - k <= 3:
        k -= 1
    if k < i - 1:
        return tokens[k].text in ("số", "Số") or tokens[k].text in NUMBERED_UNITS
    return any(k - m >= 0 and _admin_word_at(tokens, k - m) == m + 1 for m in range(3))


# Words of foreign names of organisations, media, products: a run with one is not a person.
FOREIGN_ORG_WORDS = frozenset(
    """Daily Times News Post Star Group Services Inc Ltd Corp Company Bank Airlines United City
    Club FC TV Channel Journal Herald Today Press Media Network Society Foundation Institute
    University College School Force Army Party State States Front Council Market Arena Street
    Road Square Park Hotel Stadium Airport Station Games League Cup Award Awards Festival Mall
    Tower Bridge Palace Hospital Church Mosque Temple Agency Office Ministry Department Court
    Police Guard Academy Center Centre Museum Radio Online Magazine Review Motor Motors Air
    Technologies Technology Systems Energy Oil Pharma Holdings Capital Partners Fund Trust
    Global International Apple Samsung Google Facebook Twitter Microsoft Amazon Windows Android
    iPhone Galaxy Pro Max Plus Mini Series Edition Model Version Old New Side Play Store Hello
    Kitty Protect The Of And For In On At To My Your Our We You Love Happy Good Best Big Little
    Black White Red Blue Green Gold Golden Royal Grand North South East West Upper Lower Central
    Town Village Island Beach Bay Lake River Valley Hill Hills Mount Point Port Honda Yamaha
    Toyota Suzuki Hyundai Kia Ford BMW Mercedes Audi Lexus Porsche Ferrari Nokia Sony Oppo
    Xiaomi Huawei Wave Exciter Vision Blade Lead Cup Mazda Nissan Chevrolet Vespa Piaggio Saint
    St""".split()
)
# Lowercase words before a foreign run that name a company, a product, a title: not a person.
NOT_PERSON_BEFORE = frozenset(
    """hãng công ty tập đoàn nhóm tổ chức mạng trang ứng dụng phần mềm thương hiệu mẫu dòng
    sản phẩm điện thoại xe tàu máy bay chiến dịch phim sách bài hát album game trò chơi giải
    đội câu lạc bộ CLB báo tờ kênh đài chương trình dự án chiến dịch vụ chiến dịch""".split()
)


def _foreign_person(tokens: list[_Tok], i: int, words: list[str]) -> bool:
    """A foreign person named without a cue: two to four capitalised words that cannot be
    Vietnamese syllables (``Heather Nauert``), no place, no word of an organisation's or a
    product's name, not after a word that announces a company or a product."""
    if not 2 <= len(words) <= 4 or any(w in FOREIGN_ORG_WORDS for w in words):
        return False
    if i and tokens[i].glued and tokens[i - 1].lower and tokens[i - 1].text in NOT_PERSON_BEFORE:
        return False
    if any(_place(w) for w in words) or any(canon(w) in _known_forms() for w in words):
        return False
    return all(not looks_vietnamese(w) for w in words)


def _foreign(words: list[str]) -> bool:
    if _place(" ".join(words)) or any(w in NOT_NAME_WORDS for w in words):
        return False
    return sum(not looks_vietnamese(w) for w in words) >= max(1, len(words) - 1)


def _plausible_name(words: list[str], after_role: bool, role: str = "") -> bool:
    if not words or len(words) > 6 or any(w.isupper() and len(w) > 1 for w in words):
        return False
    if len(words) == 1 and after_role and (role in HONORIFICS or role in NOT_ROLES):
        # "ông Mỹ", "bà Nga", "chị Hoan": one word after an honorific is a person's name
        return words[0] not in NOT_NAME_WORDS and words[0] not in SURNAMES
    for a in range(len(words)):  # no place inside: "Đoàn Việt Nam", "Hà Nội"
        for b in range(a + 1, len(words) + 1):
            if (b - a > 1 or len(words) == 1) and _place(" ".join(words[a:b])):
                return False
    hit = _any_place(" ".join(words))
    if hit and hit[1] <= DISTRICT:
        return False  # "Sa Pa", "Long Thành": a district
    if len(words) == 1:  # "bà Waly", "ông Sơn": one word, right after an honorific
        if not after_role or words[0] in NOT_NAME_WORDS or words[0] in SURNAMES:
            return False
        # "Tổng thống Trump": after an office, one foreign word
        return role in HONORIFICS or role in CUES or not looks_vietnamese(words[0])
    if words[0] in SURNAMES:
        return True
    if not after_role:
        return _foreign(words)
    return not any(w in NOT_NAME_WORDS for w in words)


def _inner_phrase(tokens: list[_Tok], k: int) -> bool:
    """Fixed phrases with a stop word inside a name: "tội phạm có tổ chức"."""
    return (
        tokens[k].text == "có"
        and k + 2 < len(tokens)
        and (tokens[k + 1].text, tokens[k + 2].text) == ("tổ", "chức")
    )


def _upper(tok: _Tok) -> bool:
    """A token that names: Titlecase, or an acronym that is not a disease or a credit."""
    return tok.title or (
        tok.acronym and tok.text not in NOT_ACRONYMS and tok.text not in GENERIC_ACRONYMS
    )


def _known_at(text: str, tokens: list[_Tok], k: int) -> int:
    """Tokens of a known organisation's name, or a place, starting at token k (0: none)."""
    for words in _known_org_index().get(tokens[k].key, ()):
        n = len(words)
        if k + n <= len(tokens) and all(
            tokens[k + m].key == words[m] and tokens[k + m].glued for m in range(1, n)
        ):
            return n
    hit = _place_at(tokens, k)
    return hit[0] if hit else 0


@lru_cache(maxsize=1)
def _known_org_index() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for group in KNOWN_ORGS:
        for form in group:
            words = tuple(canon(form).split())
            index.setdefault(words[0], []).append(words)
    for entries in index.values():
        entries.sort(key=lambda words: -len(words))
    return index


@lru_cache(maxsize=1)
def _known_org_forms() -> frozenset[str]:
    return frozenset(canon(form) for group in KNOWN_ORGS for form in group)


def _extent(text: str, tokens: list[_Tok], j: int, etype: str, loose: bool) -> int:
    """Where a name that a head word opened ends (the token index past it), or ``j``.

    An organisation's name ends with its last capitalised word and the syllable that
    completes it ("Bộ Công an", "Bộ Nội vụ"), or with a short lowercase tail that punctuation
    closes ("Trung tâm Quản lý giao thông,"). An event's or agreement's name may go on in
    lowercase words ("Hiệp định về dẫn độ") until a stop word, punctuation or a number.
    """
    k = j
    limit = min(len(tokens), j + (16 if etype == ORG else 22))
    last_upper = -1  # index of the last naming token
    from_known = False  # it ended a known name or place
    lowercase_run = 0
    closed = False  # the name ended at punctuation (or the end of the text)
    while True:
        if k >= limit:
            closed = k >= len(tokens)
            break
        tok = tokens[k]
        if k > j:
            gap = _gap(text, tokens, k).strip()
            if gap and not (gap in ("-", "–") or (gap == "," and tok.text == "chống")):
                closed = True
                break  # punctuation ends the name; "phòng, chống" and "Á - Thái" do not
        seen = last_upper >= 0
        known = _known_at(text, tokens, k) if tok.title or tok.acronym else 0
        if etype == ORG and not known:
            known = _admin_unit_at(text, tokens, k)  # "Công an tỉnh Nghệ An"
        if seen and not known:
            if (
                tok.title
                and tok.text in SURNAMES
                and _name_run(text, tokens, k) >= 2
                and not (k > j and tokens[k - 1].text in GENERIC_ACRONYMS)
            ):
                # a person starts ("Ủy ban Đối ngoại Lê Thu Hà"), not a school's name
                break
            if _role_at(tokens, k) and tok.text not in _ORG_HEAD_SET:
                break
            if (
                tok.title
                and etype == ORG
                and _head(tokens, k, "org")
                and " ".join(t.text for t in tokens[k : k + _head(tokens, k, "org")])
                not in PARENT_HEADS
            ):
                break  # another organisation: "Bộ Chính trị Đảng Cộng sản Cuba"
            if (
                tok.title
                and etype != ORG
                and (_head(tokens, k, "event") or _head(tokens, k, "law"))
            ):
                break  # "Tuyên bố chung Băng Cốc tại Hội nghị ..."
            if etype == ORG and tok.title and lowercase_run >= 2 and not looks_vietnamese(tok.text):
                closed = True  # a foreign name follows: "Ủy ban An ninh quốc gia Ivan Tertel"
                break
        if known:
            last_upper = k + known - 1
            from_known = True
            lowercase_run = 0
            k += known
            if etype == ORG and _closes(text, tokens, k - known, known):
                # a body of a place ends with the place ("Công an tỉnh Nghệ An chỉ đạo"), or
                # with where it sits: "Phái đoàn thường trực Việt Nam tại Liên hợp quốc"
                if k + 1 < len(tokens) and tokens[k].text == "tại" and tokens[k + 1].glued:
                    there = _known_at(text, tokens, k + 1)
                    if there and _joined(text, tokens, k):
                        last_upper = k + there
                break
            continue
        from_known = False
        if tok.text.isdigit():
            nxt_gap = _gap(text, tokens, k + 1).strip() if k + 1 < len(tokens) else "."
            closes = (  # "Bệnh viện Quân y 103,": the unit's number ends the name
                etype == ORG and len(tok.text) <= 4 and (nxt_gap[:1] in (",", ";", ":", ")", "."))
            )
            if nxt_gap[:1] == "." and k + 1 < len(tokens) and tokens[k + 1].text.isdigit():
                closes = False  # "20.5": a date
            if not (k > j and (tokens[k - 1].acronym or closes) and _joined(text, tokens, k)):
                break
            last_upper = k
            k += 1
            continue
        if tok.lower:
            if _verb_at(tokens, k):
                break  # "Bộ Công an Việt Nam dẫn đầu ..."
            if tok.text in STOP_WORDS and not _inner_phrase(tokens, k):
                inner = tok.text in INNER_WORDS and (
                    seen or tok.text in ("các", "những") or (etype != ORG and (k == j or loose))
                )
                nxt = tokens[k + 1] if k + 1 < len(tokens) else None
                if not inner or nxt is None or not _joined(text, tokens, k + 1):
                    break
                if tok.text == "và" and not (
                    nxt.title
                    and nxt.text not in ("Đoàn", "Phái")
                    and not any(_head(tokens, k + 1, kind) for kind in ("org", "event", "law"))
                ):
                    break  # "Bộ Nội vụ và Chính quyền địa phương", not "Bộ Công an và Bộ ..."
                if nxt.lower and nxt.text in STOP_WORDS - {"các", "những", "có"}:
                    break
                if _role_at(tokens, k + 1):
                    break  # "... của bà Ghada Waly"
            lowercase_run += 1
            if not seen and (not loose or lowercase_run > (4 if etype == ORG else 10)):
                break
            k += 1
            continue
        if _upper(tok):
            last_upper = k
        lowercase_run = 0
        k += 1
    if last_upper < 0 and (etype == ORG or k - j < 2 or tokens[j].text not in ("về", "của")):
        return j  # "Hiệp định về dẫn độ", not "Hội nghị trực tuyến"
    if etype == ORG:
        end = last_upper + 1
        tail = tokens[end:k]
        if tokens[last_upper].text in ("Về", "Của", "Chống", "Phòng"):
            return k  # "Ủy ban Về các vấn đề xã hội": the name goes on in lowercase
        if (
            tail
            and (closed or k < limit)  # it ended at punctuation, a verb or a stop word
            and tokens[last_upper].text == "Cảnh"
            and tail[0].text == "sát"
            and 1 < len(tail) <= 9
            and not any(
                (t.text in STOP_WORDS and t.text != "về") or t.text in TAIL_VERBS for t in tail[1:]
            )
        ):
            return k  # "Phòng Cảnh sát phòng chống tội phạm về môi trường,": a police unit
        if (
            tail
            and closed
            and len(tail) <= 3
            and not any(t.text in STOP_WORDS or t.text in TAIL_VERBS for t in tail)
            and not any(_verb_at(tokens, m) for m in range(end, k))
        ):
            return k  # "Trung tâm Quản lý giao thông,"
        if (
            tail
            and tokens[last_upper].title
            and not (last_upper > j and tokens[last_upper - 1].title)
            and tail[0].text not in STOP_WORDS
            and tail[0].text not in TAIL_VERBS
            and not (from_known or _verb_at(tokens, end))
        ):
            return end + 1  # "Bộ Công an", "Bộ Ngoại giao"
        return end
    while (
        k > j
        and tokens[k - 1].lower
        and (tokens[k - 1].text in STOP_WORDS or tokens[k - 1].text in ("lần", "thứ"))
    ):
        k -= 1
    # "lần thứ 14": the ordinal is part of a meeting's name
    if (
        etype == EVENT
        and k + 2 < len(tokens)
        and tokens[k].text == "lần"
        and tokens[k + 1].text == "thứ"
        and tokens[k + 2].text.isdigit()
    ):
        k += 3
    return k


def _headed(text: str, tokens: list[_Tok], inside: set[int]) -> list[_Cand]:
    """Names opened by a head word: ``Bộ Công an``, ``Hiệp định về dẫn độ``."""
    found: list[_Cand] = []
    for match in re.finditer(r"(?<!\w)chính phủ(?=\s+(?:nước\s+)?(?:CHXHCN\s+)?Việt Nam)", text):
        rest = re.match(r"\s+(?:nước\s+)?(?:CHXHCN\s+)?Việt Nam", text[match.end() :])
        if rest:
            end = match.end() + rest.end()
            found.append(_Cand(ORG, match.start(), end, text[match.start() : end], 5))
    for i, tok in enumerate(tokens):
        if tok.lower:
            if tok.text in _lower_heads() or tok.text in _MEDIA_FIRST:
                unit = _lower_org_at(text, tokens, i) or _media_at(text, tokens, i)
                if unit is not None:
                    found.append(unit)
            continue
        if not (tok.title or tok.acronym) or i in inside:
            continue
        role = _role_at(tokens, i)
        if role > 1 and role >= _head(tokens, i, "org"):  # "Đại sứ", not "Đại sứ quán"
            continue
        for kind, etype in (("law", LAW), ("event", EVENT), ("org", ORG)):
            if tok.acronym and kind != "org":
                continue
            n = _head(tokens, i, kind)
            if not n:
                continue
            head = " ".join(t.text for t in tokens[i : i + n])
            j = i + n
            if j >= len(tokens) or not (
                _joined(text, tokens, j) or (etype == ORG and tokens[j].dashed)
            ):
                break
            nxt = tokens[j]
            if head == "Chính phủ":  # only with its country: "Chính phủ (nước CHXHCN) Việt Nam"
                after = tokens[j - 1].end
                country = re.match(
                    r"\s+(?:nước\s+)?(?:CHXHCN\s+)?([A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*)", text[after:]
                )
                if country and _place(country.group(1)):
                    end = after + country.end()
                    found.append(
                        _Cand(ORG, tok.start, end, " ".join(text[tok.start : end].split()), 5)
                    )
                break
            loose = head in LOOSE_HEADS
            # the National Assembly has no province: "Đoàn đại biểu Quốc hội tỉnh X"
            placed_next = (
                etype == ORG and head != "Quốc hội" and _admin_unit_at(text, tokens, j) > 0
            )
            if etype == ORG and nxt.lower and head in _MINISTRY_HEADS:
                past = _lowercase_then_country(tokens, j)
                if past:  # "Bộ tài chính Tây Ban Nha", "Cục thuế vụ Anh"
                    stop = tokens[past - 1].end
                    name = " ".join(text[tok.start : stop].split())
                    found.append(_Cand(ORG, tok.start, stop, name, 5, head_words=n))
                    break
            if not (nxt.title or nxt.acronym or nxt.text in ("về", "của") or loose or placed_next):
                break
            whole = _place_at(tokens, i, COMMUNE)
            if whole and whole[0] > n:
                break  # "Trường Sa", "Đội Bình": a place, not a school or a team
            end = _extent(text, tokens, j, etype, loose)
            specific = tokens[j:end]
            if (
                etype == ORG
                and len(specific) == 1
                and specific[0].acronym
                and (head in SUBUNIT_HEADS or not any(c.isdigit() for c in specific[0].text))
                and canon(specific[0].text) not in _known_org_forms()
                and not _place_at(tokens, j)
            ):
                break  # "Văn phòng BLO": an office of a kind, not one organisation
            if etype == ORG and end > j and all(t.text in _LEGAL_FORMS for t in tokens[j:end]):
                break  # "Công ty Cổ phần" and lowercase words: no name yet
            if end > j and etype == ORG and head in SUBUNIT_HEADS and _generic(tokens, j, end):
                break  # "Cơ quan Công an", "Phòng Cảnh sát": a kind of body, not one
            if etype == ORG:  # "Bộ Công an tinh gọn": a known name, then words of the sentence
                for m in range(end - 1, j - 1, -1):
                    if not tokens[m].lower:
                        if m < end - 1 and canon(text[tok.start : tokens[m].end]) in (
                            _known_org_forms()
                        ):
                            end = m + 1
                        break
            if end > j:
                name = " ".join(text[tok.start : tokens[end - 1].end].split())
                if any(canon(name).startswith(n) for n in NOT_NAMES):
                    break
                # a body of a place outranks the place: "Công an tỉnh Nghệ An"
                placed = any(_admin_unit_at(text, tokens, k) for k in range(j, end))
                school = any(t.text in _SCHOOL_LEVELS for t in tokens[j:end])
                found.append(
                    _Cand(
                        etype,
                        tok.start,
                        tokens[end - 1].end,
                        name,
                        8 if school else 7 if placed else 5,
                        head_words=len(head.split()),
                    )
                )
            break
    return found


def _generic(tokens: list[_Tok], j: int, end: int) -> bool:
    """Whether the words after an organisation's head (tokens j to end) only name kinds of
    bodies: "Cơ quan Công an", "Phòng Cảnh sát"."""
    k = j
    while k < end:
        tok = tokens[k]
        if tok.lower and tok.text not in STOP_WORDS:
            return False  # "Phòng Cảnh sát giao thông"
        if tok.lower or tok.text in GENERIC_ACRONYMS:
            k += 1
            continue
        n = _head(tokens, k, "org")
        if not n or tok.text == "Chính" or k + n > end:
            return False
        k += n
    return True


def _closes(text: str, tokens: list[_Tok], k: int, n: int) -> bool:
    """Whether the n tokens at k (inside a name) are a place that ends an organisation's
    name: an administrative unit, a country, a province, a city (not a region or a river:
    "Trung tâm điều phối sông Mê Công ...")."""
    if _admin_unit_at(text, tokens, k):
        return True
    hit = _place_at(tokens, k)
    return hit is not None and hit[0] == n and hit[1] not in _regions()


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    data = json.loads((_DATA / "gazetteer.json").read_text("utf-8"))
    return frozenset(group[0] for group in data.get("regions", []))


def _place_hits(tokens: list[_Tok]) -> dict[int, tuple[int, str]]:
    """Token -> the place (up to a district) whose name starts there: (its length, its
    name), for capitalised tokens and "châu"."""
    hits = {}
    for i, tok in enumerate(tokens):
        if tok.title or tok.acronym or tok.text == "châu":
            hit = _place_at(tokens, i, DISTRICT)
            if hit:
                hits[i] = hit
    return hits


def _inside_places(hits: dict[int, tuple[int, str]]) -> set[int]:
    """Tokens inside a place's name, after its first: "Ban Nha" in "Tây Ban Nha"."""
    inside: set[int] = set()
    for i, (n, _name) in sorted(hits.items()):
        if n > 1 and i not in inside:
            inside.update(range(i + 1, i + n))
    return inside


_MINISTRY_HEADS = frozenset(_phrases("Bộ|Cục|Tổng cục|Sở|Vụ|Viện|Chi cục"))


def _lowercase_then_country(tokens: list[_Tok], j: int) -> int:
    """The token past a country or province that ends one to three lowercase words at j
    (``tài chính Tây Ban Nha``), 0 if none."""
    k = j
    while k < len(tokens) and k - j < 3 and tokens[k].lower and tokens[k].glued:
        if tokens[k].text in STOP_WORDS or tokens[k].text in TAIL_VERBS or _verb_at(tokens, k):
            return 0
        k += 1
    if k == j or k >= len(tokens) or not tokens[k].title or not tokens[k].glued:
        return 0
    hit = _place_at(tokens, k)
    if not hit or hit[1] in _regions():
        return 0
    end = k + hit[0]
    if end < len(tokens) and tokens[end].glued and tokens[end].title:
        return 0  # the place begins a longer name
    return end


def _admin_unit_at(text: str, tokens: list[_Tok], k: int) -> int:
    """Tokens of an administrative unit and its name at token k (``tỉnh Nghệ An``,
    ``quận 1``, ``TP.HCM``), 0 if none."""
    n = _admin_word_at(tokens, k)
    if not n or " ".join(t.text for t in tokens[k : k + n]) not in ADMIN_UNITS:
        return 0
    unit = _admin_place_at(text, tokens, k)
    return unit[1] - k if unit else 0


_SCHOOL_LEVELS = {"THPT", "THCS", "TH", "MN", "ĐH", "CĐ", "PTTH", "PTCS"}
_SCHOOL_WORDS = [
    tuple(p.split())
    for p in ("trung học phổ thông", "trung học cơ sở", "mầm non", "mẫu giáo", "tiểu học")
]


def _lower_org_at(text: str, tokens: list[_Tok], i: int) -> _Cand | None:
    """``công an huyện Đoan Hùng``: a body written in lowercase, named by its place;
    ``trường THPT Chu Văn An``: a school, named by its level and its name."""
    if tokens[i].text == "trường" and i + 2 < len(tokens) and tokens[i + 1].glued:
        level = next((len(w) for w in _SCHOOL_WORDS if _words_at(tokens, i + 1, " ".join(w))), 0)
        k = i + 1 + level
        if level and k < len(tokens) and tokens[k].glued:
            # "trường mầm non xã Tam Văn", "trường tiểu học Kim Đồng"
            end = k + _admin_unit_at(text, tokens, k)
            if end == k and tokens[k].title:
                end = _extent(text, tokens, k, ORG, False)
            if end > k:
                stop = tokens[end - 1].end
                name = " ".join(text[tokens[i].start : stop].split())
                return _Cand(ORG, tokens[i].start, stop, name, 8, head_words=1 + level)
            return None
        if tokens[i + 1].text in _SCHOOL_LEVELS and tokens[i + 2].glued:
            end = _extent(text, tokens, i + 2, ORG, False)
            if end > i + 2:
                stop = tokens[end - 1].end
                name = " ".join(text[tokens[i].start : stop].split())
                return _Cand(ORG, tokens[i].start, stop, name, 8, head_words=2)
        return None
    for words in _lower_heads().get(tokens[i].text, ()):
        n = len(words)
        if i + n < len(tokens) and all(
            tokens[i + m].text == words[m] and tokens[i + m].glued for m in range(1, n)
        ):
            nxt = tokens[i + n]
            size = _admin_unit_at(text, tokens, i + n) if nxt.glued else 0
            parent = _head(tokens, i + n, "org")
            if not size and nxt.glued and parent and nxt.text in ("Công", "UBND", "Ủy", "Uỷ"):
                # "cơ quan CSĐT Công an tỉnh Sóc Trăng"
                size = _extent(text, tokens, i + n + parent, ORG, False) - (i + n)
                size = size if size > parent else 0
            if size:
                end = tokens[i + n + size - 1].end
                name = " ".join(text[tokens[i].start : end].split())
                return _Cand(ORG, tokens[i].start, end, name, 7, head_words=n)
            return None
    return None


# A capital letter of Vietnamese or Latin text.
_CAP = "[A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ]"
# A unit of a police force named before its force, after a comma: "Cơ quan Cảnh sát điều tra,
# Công an tỉnh X", "Đội CSGT-TT-CĐ, Công an quận Y", "Phòng PC46, Công an tỉnh Z".
_UNIT_COMMA = re.compile(
    r"(?<![\w])(?:Cơ quan|Phòng|Đội)\s+" + _CAP + r"[^\s,.;:()“”\"]*"
    r"(?:\s+[^\s,.;:()“”\"]+){0,7}?,\s+(?=Công an\s)"
)
# Units of the police known by their code: "C47", "PC45", "PA83".
_POLICE_CODE = re.compile(r"(?<![\w-])(?:C|PC|PA|PK|PX|PV|PE|PH)\d{2}(?![\w-])")
# A kind of body in lowercase, then its name: "nhóm vũ trang Abu Sayyaf", "ngân hàng Đông Á".
_KIND_WORD = re.compile(
    r"(?<![\w])(nhóm vũ trang|nhóm phiến quân|nhóm khủng bố|tổ chức khủng bố|tổ chức|phiến quân"
    r"|công ty|tập đoàn|hãng|trung tâm|ngân hàng|câu lạc bộ|CLB|đội bóng|Kênh|Hãng|Báo|Tờ)\s+"
    r"([A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ][\w'’-]*(?:\s+(?:&\s+)?[A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ][\w'’-]*){0,4})"
)
# Kinds whose word is part of a Vietnamese body's own name ("Ngân hàng Đông Á").
_NAMING_KINDS = {"ngân hàng", "câu lạc bộ", "CLB"}
# Who reported it: "theo Dailymail.", "Theo Zing,", "nói trên Daily Star", "như X đã đưa tin".
_SOURCE = re.compile(
    r"(?:(?<![\w])[Tt]heo(?: (?:báo cáo|thống kê|số liệu|khảo sát) của)?"
    r"|(?:nói|viết|đăng|chia sẻ|trả lời phỏng vấn) (?:trên|với))\s+"
    r"(" + _CAP + r"[\w'’-]*(?:\s+" + _CAP + r"[\w'’-]*){0,2})"
    r"(?=\s*[,.;]|\s+(?:rằng|cho biết|đưa tin)\b)"
)
_REPORTED = re.compile(
    r"(?<![\w])[Nn]hư\s+(" + _CAP + r"[^,.;:()“”\"\n]{1,40}?)\s+(?:đã\s+|vừa\s+|từng\s+)?đưa tin"
)
_REPORTER = re.compile(r"(?<![\w])[Pp]hóng viên ([A-ZĐ]{2,8})(?![\w-])")
# An acronym of a body of the United Nations or ASEAN: "HĐBA LHQ".
_ACRONYM_OF = re.compile(r"(?<![\w-])([A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ]{2,6}) (LHQ|ASEAN|EU)(?![\w-])")
# A ministry named by an acronym with "&": "Bộ LĐTB&XH", "Sở GD&ĐT".
_AMPERSAND_BODY = re.compile(
    r"(?<![\w])(?:Bộ|Sở|Cục|Tổng cục|Vụ) " + _CAP + "{1,6}&" + _CAP + r"{1,6}(?![\w&])"
)


# Buildings that speak for a government: a place where one is at, in or outside them, else the
# administration they stand for.
_SEAT = re.compile(r"(?<![\w])(Nhà Trắng|Điện Kremlin|Kremlin|Lầu Năm Góc|Nhà Xanh)(?![\w])")
_STANDS_BEFORE = re.compile(
    r"\b(?:ở|tại|bên ngoài|bên trong|trước|vào|đến|tới|rời|rời khỏi|trong|quanh|gần|khuôn viên"
    r"|bãi cỏ|cổng|chủ|sân|phòng|xung quanh|phía trước)\s+$"
)


def _seats_of_power(text: str, starts: dict[str, list[int]]) -> list[_Cand]:
    """``Nhà Trắng phủ nhận``: the administration; ``bên ngoài Nhà Trắng``: the building."""
    found: list[_Cand] = []
    for match in _matches(_SEAT, text, starts):
        start, end = match.span()
        name = match.group()
        if _STANDS_BEFORE.search(text[max(0, start - 20) : start]):
            found.append(_Cand(LOC, start, end, _place(name) or name, 9))  # "Điện Kremlin": Kremlin
        else:
            found.append(_Cand(ORG, start, end, name, 9))
    return found


# The words the patterns above start with: only there are they tried.
_FIRST_WORDS = {
    _UNIT_COMMA: frozenset({"Cơ", "Phòng", "Đội"}),
    _KIND_WORD: frozenset(
        {"nhóm", "tổ", "phiến", "công", "tập", "hãng", "trung", "ngân", "câu", "CLB", "đội"}
        | {"Kênh", "Hãng", "Báo", "Tờ"}
    ),
    _SOURCE: frozenset({"theo", "Theo", "nói", "viết", "đăng", "chia", "trả"}),
    _REPORTED: frozenset({"như", "Như"}),
    _REPORTER: frozenset({"phóng", "Phóng"}),
    _SEAT: frozenset({"Nhà", "Điện", "Kremlin", "Lầu"}),
}


_ALL_FIRST_WORDS = frozenset().union(*_FIRST_WORDS.values())


def _starts(tokens: list[_Tok]) -> dict[str, list[int]]:
    """Where each word that a pattern above starts with occurs (one pass over the tokens)."""
    out: dict[str, list[int]] = {}
    for tok in tokens:
        if tok.text in _ALL_FIRST_WORDS:
            out.setdefault(tok.text, []).append(tok.start)
    return out


def _matches(
    pattern: re.Pattern[str], text: str, starts: dict[str, list[int]]
) -> Iterator[re.Match[str]]:
    """The pattern's matches that start at a word it can start with (cheaper than a scan)."""
    for word in _FIRST_WORDS[pattern]:
        for start in starts.get(word, ()):
            match = pattern.match(text, start)
            if match:
                yield match


def _token_at(tokens: list[_Tok]) -> dict[int, int]:
    """Token index by its start offset."""
    return {tok.start: k for k, tok in enumerate(tokens)}


def _unit_comma(text: str, tokens: list[_Tok], starts: dict[str, list[int]]) -> list[_Cand]:
    """A police unit named before its force after a comma, as one body."""
    found: list[_Cand] = []
    if ", Công an" not in text:
        return found
    at = _token_at(tokens)
    for match in _matches(_UNIT_COMMA, text, starts):
        words = text[match.start() : match.end()].rstrip(" ,").split()
        if any(w in STOP_WORDS for w in words[1:]) or len(words) < 2:
            continue
        k = at.get(match.end())
        if k is None or not _admin_unit_at(text, tokens, k + 2):
            continue
        end = _extent(text, tokens, k + 2, ORG, False)
        stop = tokens[end - 1].end
        name = " ".join(text[match.start() : stop].split())
        found.append(_Cand(ORG, match.start(), stop, name, 8, head_words=len(words)))
    return found


def _named_bodies(text: str, tokens: list[_Tok], starts: dict[str, list[int]]) -> list[_Cand]:
    """Bodies named without a capitalised head word: police codes, a kind word in lowercase
    then a name, the source a report cites, an acronym of the UN's bodies."""
    found: list[_Cand] = []
    if any(c.isdigit() for c in text):
        at: dict[int, int] = {}
        for match in _POLICE_CODE.finditer(text):
            at = at or _token_at(tokens)
            start, stop = match.span()
            if text[start - 1 : start] == "(" and text[stop : stop + 1] == ")":
                continue  # "(PC45)": the acronym of the name before it
            k = at.get(start)
            if (
                k is not None
                and k + 3 < len(tokens)
                and tokens[k + 1].glued
                and _words_at(tokens, k + 1, "Công an")
                and _admin_unit_at(text, tokens, k + 3)  # "PC47 Công an TP.HCM"
            ):
                stop = tokens[_extent(text, tokens, k + 3, ORG, False) - 1].end
            found.append(_Cand(ORG, start, stop, " ".join(text[start:stop].split()), 8))
    for match in _matches(_KIND_WORD, text, starts):
        kind, name = match.group(1), match.group(2)
        words = name.split()
        while len(words) > 1 and not _place(name) and _place(words[-1]):
            words.pop()  # "tập đoàn Huawei Trung Quốc": the name, not its country
        if not looks_vietnamese(words[0]):
            while len(words) > 1 and looks_vietnamese(words[-1]) and words[-1] != "&":
                words.pop()  # "Hisb-e Islami Từ năm 2003": a heading ran into the text
        name = " ".join(words)
        start = match.start(2)
        if _place(name) and kind not in _NAMING_KINDS:
            continue
        if kind in _NAMING_KINDS:
            start = match.start()
            name = f"{kind} {name}"
        elif all(looks_vietnamese(w) for w in words if w != "&"):
            continue  # "tổ chức Hội nghị": a verb; a Vietnamese name needs its capital head
        found.append(_Cand(ORG, start, start + len(name), name, 7))
    for pattern in (_SOURCE, _REPORTED):
        for match in _matches(pattern, text, starts):
            name = match.group(1).strip()
            words = name.split()
            if _place(name) or words[0] in HEADING_WORDS or canon(words[0]) in HONORIFICS:
                continue
            if pattern is _SOURCE and len(words) > 1 and all(looks_vietnamese(w) for w in words):
                continue  # "theo Nguyễn Văn A": a person
            if pattern is _SOURCE and any(
                before not in ("Theo", "Như", "Trên")
                and (before[0].isupper() or before in ("ông", "bà"))
                for before in re.findall(r"(\S+) " + re.escape(name) + r"\b", text)
            ):
                continue  # "theo Comey," where the text names James Comey: a person
            start = match.start(1)
            found.append(_Cand(ORG, start, start + len(name), name, 6 if pattern is _SOURCE else 8))
    for match in _matches(_REPORTER, text, starts):  # "phóng viên TTXVN tại Sydney"
        if match.group(1) in GENERIC_ACRONYMS:
            continue
        found.append(_Cand(ORG, match.start(1), match.end(1), match.group(1), 6))
    if "LHQ" in text or "ASEAN" in text or " EU" in text:
        for match in _ACRONYM_OF.finditer(text):
            if match.group(1) not in GENERIC_ACRONYMS and match.group(1) not in NOT_ACRONYMS:
                found.append(_Cand(ORG, match.start(), match.end(), match.group(), 8))
    if "&" in text:
        for match in _AMPERSAND_BODY.finditer(text):
            found.append(_Cand(ORG, match.start(), match.end(), match.group(), 8))
    return found


def _sites(text: str) -> list[_Cand]:
    """News sites named by their address: ``Zing.vn``, ``Phapluatplus.vn``."""
    if ".vn" not in text and ".com" not in text and ".net" not in text and ".org" not in text:
        return []
    return [_Cand(ORG, m.start(), m.end(), m.group(), 8) for m in _SITE.finditer(text)]


def _media_at(text: str, tokens: list[_Tok], i: int) -> _Cand | None:
    """``theo báo Dân Việt``, ``hãng tin Reuters``: the name after a media word."""
    if tokens[i].text not in _MEDIA_FIRST:
        return None
    n = max((len(p.split()) for p in MEDIA_HEADS if _words_at(tokens, i, p)), default=0)
    if not n or i + n >= len(tokens) or not tokens[i + n].glued:
        return None
    if tokens[i].text == "báo" and i and tokens[i - 1].text in _BAO_COMPOUNDS:
        return None
    k = i + n
    if not (tokens[k].title or tokens[k].acronym) or _place_at(tokens, k, DISTRICT):
        return None
    end = k + 1
    while end < len(tokens) and end - k < 4 and tokens[end].glued and tokens[end].title:
        end += 1
    if (
        end == k + 1
        and tokens[k].title
        and end < len(tokens)
        and tokens[end].glued
        and tokens[end].lower
        and tokens[end].text not in STOP_WORDS
        and tokens[end].text not in TAIL_VERBS
    ):
        end += 1  # "báo Dân trí", "báo Tuổi trẻ": a paper's name of two syllables
    name = " ".join(text[tokens[k].start : tokens[end - 1].end].split())
    if name in NOT_ACRONYMS or tokens[k].text in HEADING_WORDS:
        return None
    return _Cand(ORG, tokens[k].start, tokens[end - 1].end, name, 6)


def _words_at(tokens: list[_Tok], i: int, phrase: str) -> bool:
    words = phrase.split()
    return i + len(words) <= len(tokens) and all(
        tokens[i + m].text == w and (m == 0 or tokens[i + m].glued) for m, w in enumerate(words)
    )


@lru_cache(maxsize=1)
def _lower_heads() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in LOWER_ORG_HEADS:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    for entries in index.values():
        entries.sort(key=lambda words: -len(words))
    return index


_EVENT_NUMBER = re.compile(r"(?<![\w-])([A-Z]{3,12})[ -]?(\d{1,3})(?![\w/-]|\.\d)")
_ACRONYM = re.compile(r"(?<![\w-])([A-ZĐ][A-ZĐ0-9]{1,11})(?![\w])")


def _acronyms(text: str, defined: dict[str, str]) -> list[_Cand]:
    found: list[_Cand] = []
    for match in _EVENT_NUMBER.finditer(text):
        acronym = match.group(1)
        if acronym in EVENT_ACRONYMS or defined.get(acronym) == EVENT:
            found.append(
                _Cand(
                    EVENT, match.start(), match.end(), f"{acronym} {match.group(2)}", 7, [acronym]
                )
            )
    # an acronym the article never defines and no list knows is not an organisation, however
    # often it comes back
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        if (
            acronym in NOT_ACRONYMS
            or acronym in GENERIC_ACRONYMS
            or sum(c.isalpha() for c in acronym) < 2
            or _place(acronym)
        ):
            continue
        if acronym in defined:
            found.append(_Cand(defined[acronym], match.start(), match.end(), acronym, 3))
        elif acronym in EVENT_ACRONYMS:
            found.append(_Cand(EVENT, match.start(), match.end(), acronym, 1))
        elif acronym in LAW_ACRONYMS:
            found.append(_Cand(LAW, match.start(), match.end(), acronym, 1))

    return found


_PLACE_PREFIX = re.compile(
    r"(?:(?:nước|Nước)\s+)?(Cộng hòa|Cộng hoà|Liên bang|Vương quốc|Nhà nước)\s+$"
)
_PLACE_LOWER_FIRST = {"sông", "châu", "tiểu", "biển", "tỉnh", "thành", "bang"}


def _places(text: str, tokens: list[_Tok], hits: dict[int, tuple[int, str]]) -> list[_Cand]:
    found: list[_Cand] = []
    admin_words = _admin_index()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower and tok.text not in admin_words and tok.text not in ("số", "châu"):
            i += 1  # most words: nothing to look up
            continue
        admin = tok.text in admin_words or tok.acronym or tok.text in ("số", "Số")
        unit = _admin_place_at(text, tokens, i) if admin else None
        if unit is not None:
            start, end, name = unit
            written = " ".join(text[tok.start : tokens[end - 1].end].split())
            if tok.text in ("số", "Số"):
                written = " ".join(text[tokens[i + 1].start : tokens[end - 1].end].split())
            first = tokens[start]
            aliases = [written]
            size = _admin_word_at(tokens, i)
            if (
                start == i
                and size
                and " ".join(t.text for t in tokens[i : i + size]) in (FEATURE_WORDS)
            ):  # "sông Mê Công" is also "Mê Công"
                aliases.append(" ".join(text[tokens[i + size].start : tokens[end - 1].end].split()))
            found.append(_Cand(LOC, first.start, tokens[end - 1].end, name, 4, aliases))
            i = end
            continue
        address = None
        if tok.text[0].isdigit() or (tok.title and i and tokens[i - 1].text in _LOCATIVES):
            address = _address_at(text, tokens, i)
        if address is not None:
            found.append(address)
            i = _token_after(tokens, i, address.end)
            continue
        hit = hits.get(i) if (tok.text[0].isupper() or tok.text == "châu") else None
        if hit and _tier(hit[1]) == DISTRICT and not _alone_district(tokens, i, hit[0]):
            hit = _place_at(tokens, i, STRONG)
        if hit is None:
            i += 1
            continue
        n, name = hit
        phrase = text[tok.start : tokens[i + n - 1].end]
        if (
            canon(phrase) in AMBIGUOUS_PLACES
            and not re.search(
                r"(?:nước|Nước|Vương quốc|Liên bang)\s+$", text[max(0, tok.start - 15) : tok.start]
            )
            and not _country_in_context(text, tokens, i)
        ):
            i += 1
            continue
        aliases = []
        prefix = _PLACE_PREFIX.search(text[max(0, tok.start - 30) : tok.start])
        if prefix:
            aliases.append(f"{prefix.group(1)} {' '.join(phrase.split())}")
        if canon(phrase) != canon(name):
            aliases.append(" ".join(phrase.split()))
        found.append(_Cand(LOC, tok.start, tokens[i + n - 1].end, name, 3, aliases))
        i += n
    return found


# Second syllables that make a country's one-syllable name a common word.
_COUNTRY_COMPOUNDS = {
    "pháp": {"luật", "lý", "nhân", "chế", "quyền", "y", "trị", "đình", "sư", "môn", "danh"},
    "anh": {"em", "hùng", "chị", "ta", "ấy", "trai", "rể", "họ", "ruột"},
    "đức": {"tin", "tính", "độ", "hạnh", "dục"},
    "ý": {"kiến", "nghĩa", "thức", "tưởng", "định", "chí", "muốn", "đồ"},
    "nga": {"mi"},
    "úc": {"ích"},
}


def _country_in_context(text: str, tokens: list[_Tok], i: int) -> bool:
    """``Nga``, ``Anh``, ``Đức`` are the countries inside a sentence, alone: not at its start
    (``Anh Tuấn cho biết``), not beside another capitalised word (``Minh Đức``), not after a
    word that announces a person (``chị Nga``)."""
    tok = tokens[i]
    if canon(tok.text) in ("viên", "séc") or i == 0 or not tok.glued:
        return False
    before = text[: tok.start].rstrip()
    if not before or before[-1] in ".!?:;\n\"“”'(-–":
        return False
    if tokens[i - 1].title or (i + 1 < len(tokens) and tokens[i + 1].glued and tokens[i + 1].title):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if after and after.glued and after.text in _COUNTRY_COMPOUNDS.get(canon(tok.text), ()):
        return False  # "Pháp luật", "Anh em", "Ý kiến"
    previous = tokens[i - 1].text
    two = f"{tokens[i - 2].text} {previous}" if i > 1 else ""
    return not (
        previous in HONORIFICS or previous in CUES or two in CUES or previous in ("tên", "là")
    )


_LOCATIVES = {"ở", "tại", "trên", "đến", "về", "qua", "từ", "tới"}
_NOT_BEFORE_ADDRESS = {"ngày", "năm", "tháng", "lúc", "sáng", "chiều", "tối", "đêm", "trưa"}
_BUILDINGS = {
    "Arena", "Market", "Stadium", "Square", "Street", "Road", "Bridge", "Palace", "Park",
    "Tower", "Airport", "Station", "Avenue",
}  # fmt: skip


def _address_at(text: str, tokens: list[_Tok], i: int) -> _Cand | None:
    """Places that their setting names: ``30 Trần Hưng Đạo`` (a number before a full name
    is a house number), ``ở Hồ Đắc Di, quận Đống Đa`` (a name between a locative and its
    district), ``Manchester Arena`` (a foreign building)."""
    tok = tokens[i]
    if tok.text.isdigit() and len(tok.text) <= 4 and i + 1 < len(tokens):
        nxt = tokens[i + 1]
        before = tokens[i - 1] if i else None
        if (
            nxt.glued
            and nxt.text in SURNAMES
            and _name_run(text, tokens, i + 1) >= 2
            and before is not None
            and before.lower
            and before.text not in _NOT_BEFORE_ADDRESS
            and tok.glued
            and not _after_admin(text, tokens, i + 1)
        ):
            run = _name_run(text, tokens, i + 1)
            end = tokens[i + run].end
            name = " ".join(text[nxt.start : end].split())
            written = " ".join(text[tok.start : end].split())
            return _Cand(LOC, nxt.start, end, name, 7.5, [written])
        return None
    if not tok.title or not i or tokens[i - 1].text not in _LOCATIVES or not tok.glued:
        return None
    run = _name_run(text, tokens, i)
    if run < 2:
        return None
    end = tokens[i + run - 1].end
    name = " ".join(text[tok.start : end].split())
    if tokens[i + run - 1].text in _BUILDINGS and not looks_vietnamese(tok.text):
        return _Cand(LOC, tok.start, end, name, 7.5)
    if _place_at(tokens, i):
        return None
    k = i + run
    if (
        k + 1 < len(tokens)
        and _gap(text, tokens, k).strip() == ","
        and _admin_unit_at(text, tokens, k)
    ):
        return _Cand(LOC, tok.start, end, name, 7.5)
    return None


def _tier(name: str) -> int:
    hit = _any_place(name)
    return hit[1] if hit else COMMUNE


def _alone_district(tokens: list[_Tok], i: int, n: int) -> bool:
    """A district's name standing alone, not inside a longer capitalised name."""
    before = i > 0 and tokens[i].glued and tokens[i - 1].title
    after = i + n < len(tokens) and tokens[i + n].glued and tokens[i + n].title
    return not (before or after)


@lru_cache(maxsize=1)
def _admin_index() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in ADMIN_WORDS:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    for entries in index.values():
        entries.sort(key=lambda words: -len(words))
    return index


# "yêu cầu", "văn bản": a word that is an admin word only when it stands alone
_COMPOUNDS = {
    "cầu": {"yêu", "nhu", "toàn", "khẩn", "mưu"},
    "bản": {"văn", "cơ", "căn", "tư", "kịch", "phiên", "nguyên", "bình", "hồ"},
    "phố": {"thành"},
    "đường": {"con"},
    "xóm": {"hàng", "chòm"},
    "làng": {"dân"},
    "khách sạn": set(),
}


def _admin_word_at(tokens: list[_Tok], i: int) -> int:
    """Length in tokens of an administrative or street word starting at token i (0: none)."""
    tok = tokens[i]
    for words in _admin_index().get(tok.text, ()):
        n = len(words)
        if i + n <= len(tokens) and all(
            tokens[i + m].text == words[m] and tokens[i + m].glued for m in range(1, n)
        ):
            before = _COMPOUNDS.get(tok.text)
            if before and i and tokens[i].glued and tokens[i - 1].text.lower() in before:
                return 0
            return n
    return 0


def _admin_place_at(text: str, tokens: list[_Tok], i: int) -> tuple[int, int, str] | None:
    """An administrative or street word (or ``số 36``) and the name it makes a place:
    (the token where the name starts, the token past it, the place's name). ``quận 1``,
    ``ấp 2``, ``Quốc lộ 1A`` keep their word; ``TP.HCM`` and its forms are Ho Chi Minh City."""
    tok = tokens[i]
    if tok.text not in _admin_index() and tok.text not in ("số", "Số"):
        if tok.acronym and _ROAD.fullmatch(tok.text):  # "QL1A"
            return i, i + 1, tok.text
        return None
    if _ROAD.fullmatch(tok.text):  # "QL1A"
        return i, i + 1, tok.text
    if tok.text in ("số", "Số"):  # "số 36 Ngô Quyền", "số 141/5 Đào Duy Từ"
        k = i + 1
        while k < len(tokens) and k - i <= 3 and tokens[k].text[0].isdigit():
            k += 1
        if k == i + 1 or k >= len(tokens) or not tokens[k].title or not tokens[k].glued:
            return None
        n, j = 0, k
    else:
        n = _admin_word_at(tokens, i)
        if not n or i + n >= len(tokens):
            return None
        j = i + n
    if tok.title and n == 1:
        whole = _place_at(tokens, i, COMMUNE)
        if whole and whole[0] > n:
            return None  # "Cầu Giấy", "Chợ Mới": a place whose name starts with the word
    if n and _admin_word_at(tokens, j) and tokens[j].glued:
        inner = _admin_place_at(text, tokens, j)  # "đường Quốc lộ 4D", "tuyến phố ..."
        if inner is not None:
            return inner
    head = " ".join(t.text for t in tokens[i:j]) if n else ""
    nxt = tokens[j]
    gap = _gap(text, tokens, j)
    dotted = head in _DOTTED_UNITS and gap.strip() == "." and len(gap) <= 2
    if gap.strip() and not dotted:
        return None
    if head.lower() in ("tp", "thành phố"):
        for size in (1, 3, 4):
            if j + size <= len(tokens) and " ".join(t.key for t in tokens[j : j + size]) in _HCM:
                return i, j + size, HCM_NAME  # the city's name holds its word
    if n and nxt.text[0].isdigit():
        if head in NUMBERED_UNITS and len(nxt.text) <= 4 and nxt.text[-1].isalnum():
            return i, j + 1, f"{head} {nxt.text}"
        return None
    if not nxt.title or _head(tokens, j, "law") or _head(tokens, j, "event"):
        return None
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    if (nxt.text in HEADING_WORDS and not (after and after.glued and after.title)) or (
        after and (nxt.text, after.text) in COMMON_CAPITALISED
    ):
        return None  # "sông Thủ đô", "sông  Theo thông tin" (a full stop lost)
    k = j + 1
    while k < len(tokens) and k - j < 5:
        t = tokens[k]
        if not (t.glued or t.dashed) or not t.title or _admin_word_at(tokens, k):
            break
        k += 1
    if n and head in ADMIN_UNITS:
        hit = _place_at(tokens, j, COMMUNE)
        rest = tokens[j + hit[0]] if hit and hit[0] < k - j else None
        if hit and (
            rest is None or hit[0] > 1 or rest.text in SURNAMES or _place_at(tokens, j + hit[0])
        ):
            # "quận Hoàn Kiếm Hà Nội", "tỉnh Yên Bái Vũ Xuân Sáng": the unit, then what follows
            return j, j + hit[0], hit[1]
        if head.lower() not in ("tp", "thành phố", "tx", "thị xã") and _role_at(tokens, j):
            return None
    if _role_at(tokens, j) or tokens[j].text in HONORIFICS:
        return None
    if head in FEATURE_WORDS and head != "sông":  # "cầu London", "chợ Mơ": the word is the name's
        if (
            k < len(tokens)
            and tokens[k].glued
            and tokens[k].text.isdigit()
            and len(tokens[k].text) <= 3
        ):
            k += 1  # "khách sạn Gia Hân 2"
        return i, k, " ".join(text[tok.start : tokens[k - 1].end].split())
    return j, k, " ".join(text[tokens[j].start : tokens[k - 1].end].split())


KnownGroup = tuple[str, tuple[str, ...], tuple[str, ...], str, int]


@lru_cache(maxsize=1)
def _known_forms() -> dict[str, tuple[str, list[str]]]:
    return {canon(form): (g[0], list(g[1:])) for g in KNOWN_ORGS for form in g}


# Other spellings of known organisations: an alias only where an article writes them.
KNOWN_VARIANTS = {"Liên Hiệp Quốc": "Liên Hợp Quốc", "Liên hiệp quốc": "Liên Hợp Quốc"}


@lru_cache(maxsize=1)
def _known_index() -> dict[str, list[tuple[tuple[str, ...], KnownGroup]]]:
    groups: list[KnownGroup] = [(g[0], g, g[1:], ORG, 3) for g in KNOWN_ORGS]
    groups += [(name, (form,), (), ORG, 3) for form, name in KNOWN_VARIANTS.items()]
    return _form_index(groups)


def _form_index(
    groups: Iterable[KnownGroup],
) -> dict[str, list[tuple[tuple[str, ...], KnownGroup]]]:
    """First word of each form to find -> (the form's words, its group), longest first."""
    index: dict[str, list[tuple[tuple[str, ...], KnownGroup]]] = {}
    for group in groups:
        for form in group[1]:
            words = tuple(_WORD.findall(canon(form)))
            if words and len(canon(form)) >= 2:
                index.setdefault(words[0], []).append((words, group))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _linked(text: str, tokens: list[_Tok], k: int) -> bool:
    """Token k follows token k-1 within one name: a space, a dash, or "phòng, chống"."""
    tok = tokens[k]
    return tok.glued or tok.dashed or text[tokens[k - 1].end : tok.start].strip() == ","


def _known(
    text: str, tokens: list[_Tok], index: dict[str, list[tuple[tuple[str, ...], KnownGroup]]]
) -> list[_Cand]:
    """Every occurrence of known forms (organisations, definitions from anywhere in the
    article), found token by token through ``index`` (see ``_form_index``)."""
    found = []
    for i, tok in enumerate(tokens):
        for words, (name, forms, aliases, etype, priority) in index.get(tok.key, ()):
            n = len(words)
            if i + n > len(tokens) or not all(
                tokens[i + m].key == words[m] and _linked(text, tokens, i + m) for m in range(1, n)
            ):
                continue
            start, end = tok.start, tokens[i + n - 1].end
            original = text[start:end]
            form = next((f for f in forms if canon(f) == canon(original)), forms[0])
            if original.islower() and not form.islower():
                continue  # "liên hợp quốc" in running prose is not the organisation
            if form.isupper() and original != form:
                continue  # acronyms keep their case
            cand = _Cand(etype, start, end, name, priority, list(aliases))
            if original != name:
                cand.aliases.append(original)
            found.append(cand)
            break
    return found


# -- resolving -------------------------------------------------------------------------------


def _resolve(cands: list[_Cand], text: str) -> list[_Cand]:
    """Overlapping candidates: the higher priority, then the longer, wins. A name opened by a
    head word whose tail is taken keeps its head part (``Ủy ban An ninh quốc gia`` before
    ``Ivan Tertel``); a meeting's long name around its acronym becomes the acronym's alias."""
    chosen: list[_Cand] = []
    for cand in sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        clash = [c for c in chosen if cand.start < c.end and c.start < cand.end]
        if clash and cand.type in (ORG, EVENT, LAW):
            inner = [
                c
                for c in clash
                if c.type == cand.type and cand.start <= c.start and c.end <= cand.end
            ]
            if len(inner) == 1 and len(clash) == 1 and cand.type == EVENT:
                inner[0].aliases.append(" ".join(text[cand.start : cand.end].split()))
                continue
            first = min(c.start for c in clash)
            if first > cand.start and all(c.start >= first for c in clash):
                head = text[cand.start : first].rstrip(" ,;-–(")
                head = re.sub(r"\s+(?:và|của|về|tại|cùng|với)$", "", head)
                if len(head.split()) > cand.head_words and any(
                    w[0].isupper() for w in head.split()[cand.head_words :]
                ):
                    cand = _Cand(
                        cand.type,
                        cand.start,
                        cand.start + len(head),
                        " ".join(head.split()),
                        cand.priority,
                        cand.aliases,
                        head_words=cand.head_words,
                    )
                    clash = []
        if clash:
            continue
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _nested_laws(text: str, tokens: list[_Tok], chosen: list[_Cand]) -> list[_Cand]:
    """An agreement named inside a ceremony's name: "Lễ mở ký Công ước ... về tội phạm mạng"."""
    found = []
    for cand in chosen:
        if cand.type != EVENT:
            continue
        for k, tok in enumerate(tokens):
            if cand.start < tok.start < cand.end and tok.title and _head(tokens, k, "law"):
                n = _head(tokens, k, "law")
                end = _extent(text, tokens, k + n, LAW, True) if k + n < len(tokens) else k + n
                stop = min(tokens[end - 1].end, cand.end)
                if end > k + n:
                    found.append(
                        _Cand(LAW, tok.start, stop, " ".join(text[tok.start : stop].split()), 5)
                    )
                break
    return found


def _role_phrase(text: str) -> tuple[str, bool]:
    """The role a phrase states, and whether the sentence went on past it."""
    tokens = _tokens(text)
    for k, tok in enumerate(tokens):
        if (
            k
            and not _joined(text, tokens, k)
            and any(c in _HARD_STOPS for c in _gap(text, tokens, k))
        ):
            return " ".join(text[: tokens[k - 1].end].split()), True
        if not tok.lower:
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        ends = (
            _verb_at(tokens, k)
            or (tok.text in STOP_WORDS and tok.text not in ("của", "tại", "về"))
            and not (
                tok.text == "và"
                and nxt is not None
                and nxt.title
                and nxt.text not in ("Đoàn", "Phái")
            )
        )
        if ends:
            return " ".join(text[: tokens[k - 1].end].split()) if k else "", True
    return " ".join(text.split()), False


def _appositive_roles(text: str, end: int) -> list[str]:
    """``Tô Lâm, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an``: roles after the name."""
    rest = text[end : end + 300]
    if not rest.startswith(","):
        return []
    parts = rest[1:].split(",")
    merged: list[str] = []
    for part in parts:  # "Cơ quan Phòng, chống ma túy": a comma inside a name
        if merged and part.strip().startswith("chống"):
            merged[-1] += "," + part
        else:
            merged.append(part)
    roles: list[str] = []
    for part in merged:
        stripped = part.strip()
        tokens = _tokens(stripped)
        if not tokens or not _role_at(tokens, 0) or tokens[0].text in HONORIFICS:
            break
        role, went_on = _role_phrase(stripped)
        if any(t.text in SURNAMES and t.title for t in _tokens(role)[1:]):
            break  # "Thứ trưởng Lê Quốc Hùng": another person, not a role
        if role:
            roles.append(role)
        if went_on:
            break
    return roles


def extract(segments: Iterable[tuple[str, str]], author: str | None = None) -> list[Entity]:
    """Entities of one article from its ``(field, text)`` segments, mentions with offsets."""
    segments = [(f, t) for f, t in segments if t]
    tokenized = [(f, t, _tokens(t)) for f, t in segments]
    # pass 1: what the article defines anywhere ("Full Name (ACRONYM)")
    definitions: list[_Definition] = []
    for _f, text, tokens in tokenized:
        definitions.extend(_definitions(text, tokens))
    defined = {d.acronym.split()[0]: d.type for d in definitions}
    # (name, forms to find, aliases, type, priority)
    known_groups: list[KnownGroup] = []
    known_forms = _known_forms()
    for d in definitions:
        name, other = (d.name, d.acronym) if d.type == ORG else (d.acronym, d.name)
        if d.type == ORG:  # the full name outranks any reading; the bare acronym does not
            known_groups.append((name, (name,), (other,), ORG, 9))
            known_groups.append((name, (other,), (other,), ORG, 4))
        else:
            forms = tuple(dict.fromkeys((name, other)))
            bare = d.acronym.split()[0]
            if d.type == EVENT and bare.isupper() and bare not in forms:
                forms += (bare,)  # "(SOMTC) lần thứ 20": "SOMTC" names it too
            known_groups.append((name, forms, forms[1:], d.type, 9))
    index = _known_index()
    if known_groups:  # the article's definitions beside the known organisations
        extra = _form_index(known_groups)
        index = dict(index)
        for key, entries in extra.items():
            index[key] = sorted([*index.get(key, []), *entries], key=lambda e: -len(e[0]))
    # pass 2: candidates in every field
    entities: list[Entity] = []
    by_key: dict[tuple[str, str], Entity] = {}
    author_key = canon(author) if author else None
    place_names: set[tuple[str, str]] = set()
    for field_name, text, tokens in tokenized:
        shouting = text.isupper()  # an all-caps title: only names known from elsewhere
        cands = _known(text, tokens, index)
        if not shouting:
            hits = _place_hits(tokens)
            inside = _inside_places(hits)
            cands += _people(text, tokens, inside) + _headed(text, tokens, inside)
            cands += _places(text, tokens, hits)
            cands += _acronyms(text, defined) + _sites(text)
            starts = _starts(tokens)
            cands += _unit_comma(text, tokens, starts)
            cands += _named_bodies(text, tokens, starts) + _seats_of_power(text, starts)
        # names the article writes as places ("đường Hồ Đắc Di"), also inside a body's name
        place_names.update(
            (canon(c.name), c.name) for c in cands if c.type == LOC and c.priority == 4
        )
        shown_by: list[tuple[int, int]] = []
        if any(word in text for word in _CREDIT_WORDS):
            shown_by = [m.span() for m in _CREDIT.finditer(text)]
        if "/TTXVN" in text or "/VNA" in text or "/Vietnam+" in text:
            shown_by += [m.span() for m in _AGENCY_CREDIT.finditer(text)]
        if shown_by:  # "(Ảnh: Reuters)", "AFP/TTXVN": who took the photo, not whom it names
            cands = [c for c in cands if not any(a <= c.start and c.end <= b for a, b in shown_by)]
        resolved = _resolve(cands, text)
        resolved += _nested_laws(text, tokens, resolved)
        for cand in resolved:
            if cand.type == PERSON and author_key and canon(cand.name) == author_key:
                continue
            if cand.type == ORG:
                bare = re.sub(r"\s+(?:nước\s+)?(?:CHXHCN\s+)?Việt Nam$", "", cand.name)
                if canon(bare) in known_forms:  # "Quốc hội Việt Nam" is Vietnam's Quốc hội
                    name, aliases = known_forms[canon(bare)]
                    cand.aliases = [*aliases, *cand.aliases, cand.name]
                    cand.name = name
            entity = _attach(cand, entities, by_key)
            entity.mentions.append(
                Mention(field_name, cand.start, cand.end, text[cand.start : cand.end])
            )
            if cand.type == ORG and " tại " in cand.name:
                for seat in _seats(text, tokens, cand):  # "... tại Vienna": a place
                    place = _attach(seat, entities, by_key)
                    place.mentions.append(
                        Mention(field_name, seat.start, seat.end, text[seat.start : seat.end])
                    )
            if cand.type == PERSON:
                for role in [cand.role, *_appositive_roles(text, cand.end)]:
                    if role and role not in HONORIFICS and role not in NOT_ROLES:
                        entity.roles.append(role)
    located = _located(entities, {f: t for f, t, _ in tokenized})
    entities = _resolve_orgs(_resolve_people(entities, place_names, located))
    _more_mentions(entities, tokenized)
    for entity in entities:
        entity.roles = _distinct_roles(entity.roles)
    return [e for e in entities if e.mentions]


def _seats(text: str, tokens: list[_Tok], cand: _Cand) -> list[_Cand]:
    """The place a body's name says it sits in: ``Phái đoàn ... tại Vienna`` gives Vienna."""
    found = []
    for k, tok in enumerate(tokens):
        if cand.start < tok.start < cand.end and tok.text == "tại" and k + 1 < len(tokens):
            hit = _place_at(tokens, k + 1)
            if hit and tokens[k + hit[0]].end <= cand.end:
                end = tokens[k + hit[0]].end
                found.append(_Cand(LOC, tokens[k + 1].start, end, hit[1], 3))
    return found


_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:ở|tại|sang|đến|tới|từ|nước|người|quốc tịch|thăm|khắp|toàn)|Cộng hòa|Cộng hoà)\s+$"
)


def _located(entities: list[Entity], texts: dict[str, str]) -> set[int]:
    """Places the article writes after a locative (``ở Đức``, ``sang Nga``): a place there,
    whoever else the article names with that word."""
    out = set()
    for entity in entities:
        if entity.type == LOC and canon(entity.name) in AMBIGUOUS_PLACES:
            for m in entity.mentions:
                if _LOCATIVE_BEFORE.search(texts[m.field][max(0, m.start - 20) : m.start]):
                    out.add(id(entity))
                    break
    return out


def _merge(into: Entity, other: Entity) -> None:
    for form in other.forms:
        into.add_alias(form)
    into.roles.extend(other.roles)
    into.mentions.extend(other.mentions)
    into.mentions.sort(key=lambda m: (m.field, m.start))


def _resolve_people(
    entities: list[Entity],
    place_names: set[tuple[str, str]],
    located: frozenset[int] | set[int] = frozenset(),
) -> list[Entity]:
    """Short references resolved within the article: a name the article also writes as a
    place (``đường Hồ Đắc Di`` ... ``Hồ Đắc Di``) is that place; one word or an initial
    (``Trump``, ``H.``) is the one person named in full whose name ends with it. Two people
    who share that word (``Bùi Thanh Sơn``, ``Nguyễn Thanh Sơn``) keep it apart."""
    places = {canon(f): e for e in entities if e.type == LOC for f in e.forms}
    written = dict(place_names)
    kept: list[Entity] = []
    for entity in entities:
        key = canon(entity.name)
        if entity.type == PERSON and key not in places and key in written:
            place = Entity(LOC, written[key])
            places[key] = place
            kept.append(place)
        if entity.type == PERSON and key in places:
            _merge(places[key], entity)
            continue
        kept.append(entity)
    last_words = {canon(e.name.split()[-1]): e for e in kept if e.type == PERSON}
    people_named: list[Entity] = []
    for entity in kept:  # "Nga" in an article about Trương Thị Nga is she, not Russia
        key = canon(entity.name)
        if (
            entity.type == LOC
            and key in AMBIGUOUS_PLACES
            and key in last_words
            and id(entity) not in located  # "ở Đức" is Germany, whoever is named Đức
        ):
            _merge(last_words[key], entity)
            continue
        people_named.append(entity)
    kept = people_named
    full: dict[str, list[Entity]] = {}
    for entity in kept:
        if entity.type != PERSON:
            continue
        words = entity.name.split()
        if len(words) == 1 and "." in entity.name.rstrip("."):
            words = entity.name.rstrip(".").split(".")  # "D.T.C": "C"
        if len(words) > 1:
            ends = {words[-1].rstrip(".")}
            if not looks_vietnamese(words[0]):
                ends.add(words[0])  # "Maxwell David Gulian": "Maxwell"
            for end in ends:
                full.setdefault(canon(end), []).append(entity)
    out: list[Entity] = []
    for entity in kept:
        if entity.type == PERSON and " " not in entity.name.strip():
            owners = [e for e in full.get(canon(entity.name.rstrip(".")), []) if e is not entity]
            if len(owners) == 1:
                _merge(owners[0], entity)
                continue
        out.append(entity)
    return out


_ADMIN_START = re.compile(r"(?:tỉnh|thành phố|quận|huyện|thị xã|xã|phường) |tp\.? ?\w")


def _resolve_orgs(entities: list[Entity]) -> list[Entity]:
    """A body named without its unit where the article also names it with one
    (``Nhà hát Kịch`` ... ``Nhà hát Kịch TP.HCM``) is that body, when only one body fits; a
    national body (``Bộ Công an``) is never another country's."""
    orgs = [e for e in entities if e.type == ORG]
    if len(orgs) < 2:
        return entities
    out: list[Entity] = []
    for entity in entities:
        if (
            entity.type == ORG
            and len(entity.name.split()) >= 2
            and canon(entity.name) not in _known_org_forms()  # "Bộ Công an" is Vietnam's
        ):
            key = canon(entity.name) + " "
            fits = [
                other
                for other in orgs
                if other is not entity
                and canon(other.name).startswith(key)
                and _ADMIN_START.match(canon(other.name)[len(key) :])
            ]
            if not fits:
                fits = _same_company(entity, orgs)
            if len(fits) == 1:
                _merge(fits[0], entity)
                continue
        out.append(entity)
    return out


_COMPANY_HEADS = ("Công ty", "Tập đoàn", "Tổng công ty")
_LEGAL_FORMS = {"TNHH", "CP", "MTV", "cổ", "phần", "Cổ", "Phần", "trách", "nhiệm", "hữu", "hạn"}


def _same_company(entity: Entity, orgs: list[Entity]) -> list[Entity]:
    """``Công ty Makalot`` where the article names ``Công ty TNHH May mặc Makalot``: the
    longer names of a company whose distinctive words hold all of the short one's."""
    head = next((h for h in _COMPANY_HEADS if entity.name.startswith(h + " ")), None)
    if head is None:
        return []
    own = [w for w in entity.name[len(head) :].split() if w not in _LEGAL_FORMS]
    if not own or not any(w[0].isupper() for w in own):
        return []
    fits = [
        other
        for other in orgs
        if other is not entity
        and other.name.startswith(head + " ")
        and len(other.name) > len(entity.name)
        and set(own) <= set(other.name.split())
    ]
    if not fits:
        return []
    longest = max(fits, key=lambda e: len(e.name))
    words = set(longest.name.split())
    if all(set(f.name.split()) - _LEGAL_FORMS <= words for f in fits):
        return [longest]  # the longest holds every other: one company
    return fits


def _distinct_roles(roles: list[str]) -> list[str]:
    """Roles without repeats, and without one that a longer one already says."""
    kept: list[str] = []
    for role in roles:
        if any(canon(other).startswith(canon(role)) for other in roles if other != role):
            continue
        if role not in kept:
            kept.append(role)
    return kept


# Kinds of bodies and their acronyms, as canon() writes them.
_KIND_ACRONYMS = {
    canon(k): v.lower()
    for k, v in (
        ("Tòa án nhân dân", "TAND"),
        ("Viện kiểm sát nhân dân", "VKSND"),
        ("Ủy ban nhân dân", "UBND"),
        ("Hội đồng nhân dân", "HĐND"),
        ("Bảo hiểm xã hội", "BHXH"),
    )
}
_KIND_SPELLED = re.compile("^(?:" + "|".join(map(re.escape, _KIND_ACRONYMS)) + r")(?= )")


def _key(etype: str, form: str) -> tuple[str, str]:
    """What makes two forms one entity: case, tone placement and "Cộng hòa" aside."""
    key = canon(form)
    if etype == ORG:
        key = re.sub(r"\b(?:nước )?cộng hòa ", "", key)
        # "Công an tỉnh Hải Dương" and "Công an Hải Dương": one body
        key = re.sub(r"(?<=\w) (?:tỉnh|thành phố|tp\.?) (?=\w)", " ", key)
        # "Tòa án nhân dân tỉnh X" and "TAND tỉnh X": one court
        key = _KIND_SPELLED.sub(lambda m: _KIND_ACRONYMS[m.group()], key)
    return etype, key


def _attach(cand: _Cand, entities: list[Entity], by_key: dict[tuple[str, str], Entity]) -> Entity:
    forms = [cand.name, *cand.aliases]
    if cand.type == PERSON and cand.short:
        # "bà Waly": the person named in full whose name ends with that word (the latest)
        for entity in reversed(entities):
            if entity.type == PERSON and entity.name.split()[-1] == cand.name:
                entity.add_alias(cand.name)
                return entity
    if cand.type == EVENT and not re.search(r"\d", cand.name):
        # "SOMTC" where the article names "SOMTC 20": the same meeting
        for entity in entities:
            if entity.type == EVENT and entity.name.startswith(cand.name + " "):
                return entity
    numbered = re.fullmatch(r"([A-Z]{2,})\d{1,4}", cand.name)
    if numbered and cand.type in (LAW, ORG):  # "SAP11": the 11th of the article's "SAP"
        known = by_key.get(_key(cand.type, numbered.group(1)))
        if known is not None:
            for other in forms:
                known.add_alias(other)
                by_key[_key(cand.type, other)] = known
            return known
    for form in forms:
        known = by_key.get(_key(cand.type, form))
        if known is not None:
            for other in forms:
                known.add_alias(other)
                by_key[_key(cand.type, other)] = known
            return known
    entity = Entity(cand.type, cand.name)
    for other in cand.aliases:
        entity.add_alias(other)
    entities.append(entity)
    for form in forms:
        by_key[_key(cand.type, form)] = entity
    return entity


def _more_mentions(entities: list[Entity], segments: list[tuple[str, str, list[_Tok]]]) -> None:
    """Every other place the article writes a name or alias it has (all-caps titles too)."""
    groups: list[KnownGroup] = []
    owner: dict[int, Entity] = {}
    for entity in entities:
        forms = tuple(f for f in entity.forms if len(f) > 2 and (entity.type != PERSON or " " in f))
        if forms:
            owner[len(groups)] = entity
            groups.append((str(len(groups)), forms, (), entity.type, 0))
    index = _form_index(groups)
    for field_name, text, tokens in segments:
        taken = [(m.start, m.end) for e in entities for m in e.mentions if m.field == field_name]
        for cand in _known(text, tokens, index):
            if any(cand.start < e and s < cand.end for s, e in taken):
                continue
            taken.append((cand.start, cand.end))
            owner[int(cand.name)].mentions.append(
                Mention(field_name, cand.start, cand.end, text[cand.start : cand.end])
            )


def article_segments(
    title: str, lede: str, body: str, captions: list[str]
) -> list[tuple[str, str]]:
    """The fields of an article as ``extract`` reads them."""
    return [("title", title), ("lede", lede), ("body", body)] + [
        (f"caption:{i}", caption) for i, caption in enumerate(captions)
    ]
