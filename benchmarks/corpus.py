"""A county-scale synthetic pufa project for benchmarks (obviously fake names, valid content).

    generate(root, scale=1.0, photos_dir=None, seed=1)        # the pufa project
    generate_plain(root, scale=1.0, photos_dir=None, seed=1)  # the same corpus for plain Material

At scale 1 the project has what a county like Lushan would have after a few years: 25 townships
(测试一镇 …), 555 villages, 4,500 roster rows, 500 campaign posts of about 1,200 Chinese
characters, 60 legal-culture sites and 900 photo references. `scale` multiplies every count
except the 25 townships (a county's townships do not grow; its posts, photos and roster do).

Photos: a pool of 90 phone-camera JPEGs (4000×3000, 3–5 MB, EXIF with GPS, every other one
portrait) made by benchmarks/photos_bench.py's generator, created once in photos_dir and reused.
Every photo reference gets its own file under docs/**/photos/ (a hard link into the pool, or a copy
when the pool is on another file system; pufa refuses symbolic links in docs/), as
editors would upload one file per photo; the contents repeat every 90 references.

mkdocs.yml, overrides/, docs/assets/ and the data lists that are not county-specific
(hotlines, reported figures, categories, jieba dictionary, qr registry) are copied from the
repository; data/townships.yml, data/roster.csv, data/service-points.yml and docs/ are generated.
The plain variant is what a team using Material without pufa would write for the same content.

    .venv/bin/python benchmarks/corpus.py /tmp/county --scale 1.0   # write one and run `pufa check` on it
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))  # photos_bench, when imported from elsewhere

import photos_bench  # noqa: E402  (also puts scripts/ on sys.path for pufa)

from pufa.kinds.roster import COLUMNS  # noqa: E402

MARKER_FILE = ".pufa-bench-corpus"  # generate() only ever wipes a folder that carries this
DEFAULT_PHOTOS_DIR = HERE / ".work" / "photo-pool"
POOL_SIZE = 90

TOWNSHIPS = 25
VILLAGES = 555
ROSTER_ROWS = 4500
POSTS = 500
SITES = 60
PHOTO_REFS = 900
SITE_PHOTOS = (2, 4)  # photos per site; the posts share the rest of PHOTO_REFS
COUNTY = "测试县"
COUNTY_LABEL = "全县"
FIGURE_KEYS = ("场次", "参与人次", "发放资料份数", "解答咨询人次")
SITE_KINDS = ("公园", "广场", "游园", "长廊", "文化墙", "教育基地", "书屋", "宣传栏")
ROSTER_HEADER = COLUMNS  # the roster file's header, as the team's template has it
COPIED_DATA = (
    "hotlines.yml",
    "reported.yml",
    "categories.yml",
    "jieba_user.txt",
    "qr.yml",
    "synonyms.yml",
    "calendar.yml",
    "wording.yml",
)
# Pages the pufa plugin generates itself; every other page in the nav must exist in docs/.
GENERATED_BY_PUFA = ("figures/index.md", "blog/township/index.md", "roster/index.md")

# ------------------------------------------------------------------------- word lists

_DIGITS = "零一二三四五六七八九"
LAWS = (
    "宪法",
    "民法典",
    "刑法",
    "反电信网络诈骗法",
    "未成年人保护法",
    "妇女权益保障法",
    "劳动合同法",
    "农村土地承包法",
    "人民调解法",
    "法律援助法",
    "治安管理处罚法",
    "道路交通安全法",
    "森林法",
    "安全生产法",
    "食品安全法",
    "老年人权益保障法",
    "家庭教育促进法",
    "反家庭暴力法",
    "禁毒法",
    "国家安全法",
    "行政复议法",
    "乡村振兴促进法",
    "保障农民工工资支付条例",
    "信访工作条例",
)
AUDIENCES = (
    "村民",
    "群众",
    "中小学生",
    "企业职工",
    "农民工",
    "老年人",
    "妇女群众",
    "网格员",
    "村两委干部",
    "个体工商户",
    "返乡务工人员",
    "青少年",
)
TOPICS = (
    "婚姻家庭纠纷",
    "土地承包经营权纠纷",
    "邻里纠纷",
    "电信网络诈骗",
    "农民工讨薪",
    "非法集资",
    "养老诈骗",
    "校园欺凌",
    "遗产继承",
    "赡养老人",
    "交通安全",
    "森林防火",
    "宅基地纠纷",
    "民间借贷",
    "劳动争议",
    "消费维权",
    "家庭暴力",
    "毒品危害",
    "个人信息保护",
    "山林权属纠纷",
)
ACTIVITIES = (
    "法治讲座",
    "以案释法",
    "普法文艺演出",
    "法律咨询",
    "有奖知识问答",
    "模拟法庭",
    "普法坠子表演",
    "法治电影放映",
    "入户走访",
    "法律体检",
    "普法宣传车巡回宣传",
    "法治情景剧",
)
THEMES = (
    "美好生活·民法典相伴",
    "法治春风进万家",
    "宪法进万家",
    "守护青春·法治护航",
    "防范电信诈骗·守好钱袋子",
    "法援惠民生",
    "乡村振兴·法治同行",
    "法律明白人在身边",
    "平安建设·你我同行",
    "送法进企业",
)
PLACES = (
    "村委会广场",
    "文化广场",
    "集贸市场",
    "中心小学",
    "乡镇敬老院",
    "产业园区",
    "村党群服务中心",
    "农家书屋",
    "法治文化公园",
    "便民服务中心",
)
PEOPLE = ("司法所工作人员", "村（居）法律顾问", "驻村律师", "人民调解员", "法律明白人", "普法志愿者", "派出所民警", "法治副校长")
ROLES = (
    "村党支部书记",
    "村委会主任",
    "村委会委员",
    "村妇联主席",
    "人民调解员",
    "网格员",
    "村民小组长",
    "退休教师",
    "乡村医生",
    "驻村工作队员",
)
EXHIBITS = (
    "宪法长廊",
    "民法典宣传栏",
    "法治文化墙",
    "以案释法展板",
    "法治漫画走廊",
    "普法雕塑",
    "法律格言石刻",
    "人民调解室",
    "法治书屋",
    "二维码普法角",
)
QUOTES = (
    "以前总觉得法律离我们很远，今天听了讲解才知道，日常生活里处处都有法。",
    "原来借钱要写借条、写清楚还款时间，这些细节以后一定注意。",
    "接到自称客服要求转账的电话，一定先挂断，再打96110问一问。",
    "孩子上学放学路上的安全，家长和学校都要上心，法律也有规定。",
    "有了法律明白人，村里有事不用跑远路，在家门口就能问明白。",
)

# Sentence templates; {…} slots are filled from the lists above.
OPENINGS = (
    "{date}，{org}联合{partner}在{place}开展“{theme}”主题普法宣传活动，吸引了周边{aud}踊跃参加。",
    "为深入推进“八五”普法规划实施，{date}，{org}组织{people}走进{place}，开展{activity}活动。",
    "{date}，由{org}主办的“{theme}”普法活动在{place}举行，{people}和{people2}共同参加。",
)
SENTENCES = (
    "活动现场，工作人员通过悬挂横幅、摆放展板、发放《{law}》宣传册等形式，向过往{aud}宣传{law}的主要内容。",
    "{people}结合身边发生的{topic}案例，以案释法，用通俗易懂的语言讲解了{law}中与群众生产生活密切相关的条款。",
    "针对{aud}普遍关心的{topic}、{topic2}等问题，{people}进行了耐心细致的解答，并提醒大家遇到矛盾纠纷要通过合法途径解决。",
    "“{quote}”一位参加活动的{aud}说。",
    "{village}的法律明白人表示，以后村里有人遇到{topic}方面的问题，会第一时间帮助联系司法所和人民调解委员会。",
    "此次活动把普法宣传与{activity}结合起来，做到了寓教于乐、寓法于情，群众在轻松的氛围中学到了法律知识。",
    "司法所工作人员还走进农户家中开展“法律体检”，帮助群众梳理{topic}方面的法律风险，提出化解建议。",
    "人民调解员现场受理矛盾纠纷{n4}件，当场调解成功{n5}件，其余纠纷已登记在册，安排专人跟进。",
    "{people}重点解读了{law}关于{topic}的规定，提醒{aud}增强证据意识，依法维护自身合法权益。",
    "活动中，{people}设置了有奖知识问答环节，{aud}争先恐后举手抢答，现场气氛热烈。",
    "在互动环节，不少{aud}拿出手机扫描普法二维码，查看{law}的条文解读和典型案例。",
    "据统计，本次活动共发放宣传资料{n1}余份，解答法律咨询{n2}余人次，受教育群众{n3}余人。",
    "近年来，{org}坚持把普法工作与基层治理结合起来，推动矛盾纠纷就地化解，小事不出村、大事不出乡。",
    "{people}还以{topic}为例，讲解了申请法律援助的条件和途径，告诉大家经济困难的群众可以拨打12348咨询。",
    "针对{aud}特点，工作人员精心准备了图文并茂的宣传折页，把{law}的核心内容编成顺口溜，便于记忆和传播。",
)
CLOSINGS = (
    "下一步，{org}将继续深入开展“八五”普法工作，推动法律知识进村入户，不断提升群众的法治意识，为建设更高水平的法治{county}营造良好的法治环境。",
    "{org}表示，将以此次活动为契机，持续创新普法形式，让尊法学法守法用法在全社会蔚然成风。",
    "活动的开展，进一步增强了{aud}的法治观念，为推进基层依法治理、建设平安乡村打下了坚实基础。",
)
SUBHEADS = ("活动现场", "以案释法", "群众反响", "工作成效")
# What a county's services page says about each service (the default site's docs/services/index.md has the
# same sections): the search benchmark's synonym queries (免费律师, 欠薪, 离婚 …) have these pages to find.
SERVICES = (
    "## 法律援助\n\n经济困难的群众打官司、请律师，可以申请法律援助，由律师免费代理。追索劳动报酬、"
    "请求给付赡养费和抚养费、婚姻家庭纠纷中遭受家庭暴力的，可以到县法律援助中心或拨打 12348 申请。\n\n"
    "## 人民调解\n\n邻里纠纷、婚姻家庭纠纷、土地承包经营权纠纷和宅基地纠纷，可以找村（居）人民调解委员会或司法所调解，不收费。\n\n"
    "## 公证\n\n办理继承、遗嘱、委托、学历等公证，到县公证处。\n\n"
    "## 村（居）法律顾问\n\n每个村（社区）都有法律顾问，可以在村委会预约咨询。\n\n"
)


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals: 1 一, 10 十, 12 十二, 25 二十五."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return _DIGITS[n]
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def cjk_count(text: str) -> int:
    return sum("\u4e00" <= c <= "\u9fff" for c in text)


# ------------------------------------------------------------------------- the corpus model


@dataclass
class Township:
    name: str
    slug: str
    verified: bool
    villages: list[str]


@dataclass
class Post:
    stem: str
    title: str
    date: str | int | dt.date  # as written in front matter: 2023, "2023-05" or a date
    sort_date: dt.date
    category: str
    townships: list[str]  # names, or [全县]
    figures: dict[str, int | str]
    photos: list[str]  # relative to the post: photos/<stem>-<n>.jpg
    source: str
    paragraphs: list[str]  # body; a "## " paragraph is a subheading


@dataclass
class Exhibit:
    name: str
    text: str
    qr: str = ""


@dataclass
class Site:
    stem: str
    title: str
    qr: str
    kind: str
    level: str
    township: str
    village: str
    address: str
    lat: float
    lng: float
    hours: str
    exhibits: list[Exhibit]
    photos: list[str]  # relative to the site page: photos/<stem>-<n>.jpg
    paragraphs: list[str]


@dataclass
class Person:
    name: str
    gender: str
    township: str
    village: str
    category: str
    role: str
    phone: str
    consent: str
    consent_date: str
    status: str


@dataclass
class Corpus:
    scale: float
    townships: list[Township]
    categories: list[tuple[str, str]]  # (name, slug)
    posts: list[Post]
    sites: list[Site]
    roster: list[Person]
    offices: list[dict]
    photo_refs: list[tuple[str, int]] = field(default_factory=list)  # (docs-relative path, pool index)


def build_corpus(scale: float = 1.0, seed: int = 1, pool_size: int = POOL_SIZE) -> Corpus:
    """The whole corpus in memory, deterministic for a (scale, seed)."""
    rnd = random.Random(seed)
    townships = _townships(rnd, max(TOWNSHIPS, round(VILLAGES * scale)))  # every township has a village
    categories = [(c["name"], c["slug"]) for c in yaml.safe_load((REPO / "data/categories.yml").read_text("utf-8"))["categories"]]
    sites = [_site(rnd, i, townships) for i in range(1, max(1, round(SITES * scale)) + 1)]
    posts = [_post(rnd, i, townships, categories, sites) for i in range(1, max(1, round(POSTS * scale)) + 1)]
    _assign_photos(rnd, posts, sites, max(1, round(PHOTO_REFS * scale)))
    roster = _roster(rnd, townships, max(1, round(ROSTER_ROWS * scale)))
    offices = [
        {
            "name": f"{t.name[:-1] if t.name.endswith(('镇', '乡')) else t.name[:-2]}司法所",
            "township": t.name,
            "five_star": "第一批五星规范化司法所（示例）" if i % 4 == 0 else "",
            "phone": f"0375-599{i:04d}" if i % 2 == 0 else "",  # fake numbers, in a range no county uses
            "address": f"{t.name}政府院内（示例地址）" if i % 3 == 0 else "",
            "hours": "周一至周五 8:30—12:00，14:30—17:30" if i % 3 == 0 else "",
        }
        for i, t in enumerate(townships, 1)
    ]
    corpus = Corpus(scale, townships, categories, posts, sites, roster, offices)
    refs = [(f"blog/posts/{photo}", 0) for post in posts for photo in post.photos] + [
        (f"sites/{photo}", 0) for site in sites for photo in site.photos
    ]
    # Pool contents repeat in reference order, so the first pool_size references are all different photos.
    corpus.photo_refs = [(path, i % pool_size) for i, (path, _) in enumerate(refs)]
    return corpus


def _townships(rnd: random.Random, villages: int) -> list[Township]:
    kinds = ("镇", "乡", "街道")
    items = [Township(f"测试{chinese_number(i)}{kinds[i % 3]}", f"test-{i:02d}", i % 5 != 0, []) for i in range(1, TOWNSHIPS + 1)]
    for n in range(1, villages + 1):  # every township gets some villages, the rest at random
        township = items[n - 1] if n <= len(items) else rnd.choice(items)
        township.villages.append(f"测试{n:04d}村")
    return items


def _post(rnd: random.Random, i: int, townships: list[Township], categories, sites: list[Site]) -> Post:
    year = rnd.randint(2020, 2024)
    month, day = rnd.randint(1, 12), rnd.randint(1, 28)
    precision = rnd.random()
    if precision < 0.6:
        date, sort_date, iso = dt.date(year, month, day), dt.date(year, month, day), f"{year}-{month:02d}-{day:02d}"
    elif precision < 0.85:
        date, sort_date, iso = f"{year}-{month:02d}", dt.date(year, month, 1), f"{year}-{month:02d}"
    else:
        date, sort_date, iso = year, dt.date(year, 1, 1), str(year)
    category, slug = rnd.choice(categories)
    roll = rnd.random()
    if roll < 0.15:
        names = [COUNTY_LABEL]
    elif roll < 0.9:
        names = [rnd.choice(townships).name]
    else:
        names = [t.name for t in rnd.sample(townships, 2)]
    place_township = townships[0] if names == [COUNTY_LABEL] else next(t for t in townships if t.name == names[0])
    village = rnd.choice(place_township.villages)
    slots = _slots(rnd, village, place_township.name)
    theme = slots["theme"]
    where = "全县" if names == [COUNTY_LABEL] else names[0]
    title = rnd.choice(
        (
            f"{where}开展“{theme}”主题普法宣传活动",
            f"{where}{slots['activity']}走进{slots['place']}",
            f"{village}：{slots['law']}宣传进村入户",
            f"{where}举办{slots['law']}专题{slots['activity']}",
        )
    )
    figures = {}
    for key in rnd.sample(FIGURE_KEYS, rnd.randint(0, 4)):
        value = rnd.randint(1, 3000) if key != "场次" else rnd.randint(1, 40)
        figures[key] = f"{value}+" if rnd.random() < 0.3 else value
    source = ""
    if rnd.random() < 0.3:
        source = f"{where}开展“{theme}”普法宣传活动，发放宣传资料{slots['n1']}余份，解答法律咨询{slots['n2']}余人次（示例原文，非真实报告）"
    paragraphs = _body(rnd, slots, target=1200)
    if sites and rnd.random() < 0.2:  # some posts link to a site, as the real ones do
        site = rnd.choice(sites)
        paragraphs.insert(-1, f"活动结束后，不少群众还到[{site.title}](../../sites/{site.stem}.md)参观学习。")
    stem = f"{iso}-{slug}-{i:04d}"
    return Post(stem, title, date, sort_date, category, names, figures, [], source, paragraphs)


def _slots(rnd: random.Random, village: str, township: str) -> dict[str, str]:
    aud, aud2 = rnd.sample(AUDIENCES, 2)
    topic, topic2 = rnd.sample(TOPICS, 2)
    people, people2 = rnd.sample(PEOPLE, 2)
    n3 = rnd.randint(100, 2000)
    return {
        "date": rnd.choice(("近日", "日前", "连日来", f"{rnd.randint(1, 12)}月{rnd.randint(1, 28)}日")),
        "org": rnd.choice((f"{township}司法所", "县司法局", f"{township}党委政府", "县普法办")),
        "partner": rnd.choice(("县妇联", "县公安局", "县法院", "团县委", "县教体局", f"{township}综治中心")),
        "place": f"{village}{rnd.choice(PLACES)}",
        "theme": rnd.choice(THEMES),
        "aud": aud,
        "aud2": aud2,
        "topic": topic,
        "topic2": topic2,
        "people": people,
        "people2": people2,
        "law": rnd.choice(LAWS),
        "activity": rnd.choice(ACTIVITIES),
        "quote": rnd.choice(QUOTES),
        "village": village,
        "county": COUNTY.removesuffix("县"),
        "n1": str(rnd.randint(100, 3000)),
        "n2": str(rnd.randint(20, 300)),
        "n3": str(n3),
        "n4": str(rnd.randint(2, 9)),
        "n5": str(rnd.randint(1, 2)),
    }


def _body(rnd: random.Random, slots: dict[str, str], target: int) -> list[str]:
    """Paragraphs of about `target` Chinese characters: an opening, middle paragraphs, a closing."""

    def fill(template: str) -> str:
        # Re-draw the varying slots for each sentence so paragraphs do not repeat themselves.
        values = dict(
            slots,
            law=rnd.choice(LAWS),
            topic=rnd.choice(TOPICS),
            aud=rnd.choice(AUDIENCES),
            people=rnd.choice(PEOPLE),
            activity=rnd.choice(ACTIVITIES),
        )
        values["topic2"] = rnd.choice([t for t in TOPICS if t != values["topic"]])
        return template.format(**values)

    paragraphs = [fill(rnd.choice(OPENINGS)) + fill(rnd.choice(SENTENCES))]
    closing = fill(rnd.choice(CLOSINGS))
    total = cjk_count(paragraphs[0]) + cjk_count(closing)
    subheads = iter(rnd.sample(SUBHEADS, 2))
    while total < target:
        if len(paragraphs) in (2, 5):
            paragraphs.append(f"## {next(subheads)}")
        sentences = [fill(s) for s in rnd.sample(SENTENCES, rnd.randint(2, 4))]
        paragraph = "".join(sentences)
        paragraphs.append(paragraph)
        total += cjk_count(paragraph)
    if len(paragraphs) > 3 and rnd.random() < 0.5:
        paragraphs.append("## 下一步打算")
    paragraphs.append(closing)
    return paragraphs


def _site(rnd: random.Random, i: int, townships: list[Township]) -> Site:
    township = rnd.choice(townships)
    village = rnd.choice(township.villages)
    level = rnd.choices(("县级", "乡级", "村级"), weights=(1, 4, 5))[0]
    kind = rnd.choice(SITE_KINDS)
    stem = f"site-{i:03d}"
    title = (
        f"{village}法治文化{kind}"
        if level == "村级"
        else f"{township.name}法治文化{kind}"
        if level == "乡级"
        else f"{COUNTY}第{chinese_number(i % 99 or 1)}法治主题{kind}"
    )
    exhibits = []
    for j, name in enumerate(rnd.sample(EXHIBITS, rnd.randint(2, 4)), 1):
        slots = _slots(rnd, village, township.name)
        text = f"展示{slots['law']}的主要条文和{slots['topic']}方面的典型案例，配有图解和二维码，方便{slots['aud']}随时学习。"
        exhibits.append(Exhibit(name, text, f"s{i:03d}-e{j}" if j == 1 and i % 3 == 0 else ""))
    slots = _slots(rnd, village, township.name)
    paragraphs = _body(rnd, slots, target=300)
    paragraphs = [p for p in paragraphs if not p.startswith("## ")]
    return Site(
        stem,
        title,
        f"test-site-{i:03d}",
        kind,
        level,
        township.name if level != "县级" or rnd.random() < 0.5 else "",
        village if level == "村级" else "",
        f"{township.name}{village}（示例地址）",
        round(rnd.uniform(33.6, 33.9), 6),
        round(rnd.uniform(112.5, 113.1), 6),
        rnd.choice(("全天开放", "8:00—18:00", "周一至周五 8:30—17:30", "")),
        exhibits,
        [],
        paragraphs,
    )


def _assign_photos(rnd: random.Random, posts: list[Post], sites: list[Site], total: int) -> None:
    """2–4 photos per site, the rest spread over posts (0–4 each, as editors attach them)."""
    used = 0
    for site in sites:
        count = min(rnd.randint(*SITE_PHOTOS), max(0, total - used))
        site.photos = [f"photos/{site.stem}-{n}.jpg" for n in range(1, count + 1)]
        used += count
    counts = {post.stem: 0 for post in posts}
    while used < total:
        post = rnd.choice(posts)
        if counts[post.stem] < 4:
            counts[post.stem] += 1
            used += 1
    for post in posts:
        post.photos = [f"photos/{post.stem}-{n}.jpg" for n in range(1, counts[post.stem] + 1)]


def _roster(rnd: random.Random, townships: list[Township], rows: int) -> list[Person]:
    villages = [(t.name, v) for t in townships for v in t.villages]
    people = []
    phones = 0
    for n in range(1, rows + 1):
        township, village = villages[n % len(villages)] if rnd.random() < 0.85 else rnd.choice(villages)
        woman = rnd.random() < 0.35
        consent = rnd.random() < 0.01  # a few consented to publish their number
        phone = f"1990000{phones:04d}" if consent else ""  # made-up numbers, all in one block: 199 0000 xxxx
        phones += consent
        people.append(
            Person(
                f"测试人员{n:04d}",
                "女" if woman else "男",
                township,
                village,
                "巾帼法律明白人" if woman and rnd.random() < 0.6 else "法律明白人",
                rnd.choice(ROLES),
                phone,
                "是" if consent else "否",
                "2024-03-01" if consent else "",
                "清退" if rnd.random() < 0.01 else "在册",
            )
        )
    return people


# ------------------------------------------------------------------------- photos


def _make_photo(args: tuple[int, str]) -> str:
    seed, path = args
    orientation = 6 if seed % 2 else 1  # every other photo held upright, as photos_bench does
    tmp = Path(path).with_suffix(".tmp")
    photos_bench.phone_photo(seed).save(tmp, "JPEG", quality=95, exif=photos_bench.phone_exif(orientation, seed))
    size = tmp.stat().st_size
    low, high = photos_bench.SOURCE_BYTES
    if not low <= size <= high:
        raise ValueError(f"{path}: {size / 1e6:.2f} MB is outside the 3–5 MB of real phone photos")
    os.replace(tmp, path)
    return path


def photo_pool(photos_dir: Path | None = None, count: int = POOL_SIZE, workers: int = 2) -> list[Path]:
    """The pool of phone photos, generated once (missing ones only) with photos_bench's generator."""
    folder = Path(photos_dir or DEFAULT_PHOTOS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"IMG_2025{seed:04d}.jpg" for seed in range(count)]
    missing = [(seed, str(p)) for seed, p in enumerate(paths) if not p.is_file()]
    if missing:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_make_photo, missing))
    return paths


def _place_photos(docs: Path, corpus: Corpus, pool: list[Path], link: bool) -> None:
    for rel, index in corpus.photo_refs:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if link:
            try:
                os.link(pool[index], target)
                continue
            except OSError:
                pass  # another file system: copy instead
        shutil.copyfile(pool[index], target)


# ------------------------------------------------------------------------- writing the pufa project


def _fresh(root: Path) -> Path:
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER_FILE).exists():
            raise SystemExit(f"{root} exists and was not made by benchmarks/corpus.py: refusing to overwrite it")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER_FILE).write_text("generated by benchmarks/corpus.py; safe to delete\n", "utf-8")
    return root


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def generate(
    root: Path, scale: float = 1.0, photos_dir: Path | None = None, seed: int = 1, *, link_photos: bool = True
) -> Corpus:
    """Write a complete pufa project at county scale × scale into root; returns the corpus written."""
    root = _fresh(root)
    pool = photo_pool(photos_dir)
    corpus = build_corpus(scale, seed, len(pool))
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets")
    data = root / "data"
    data.mkdir()
    for name in COPIED_DATA:
        if (REPO / "data" / name).exists():
            shutil.copy2(REPO / "data" / name, data / name)
    _write_townships(data / "townships.yml", corpus)
    _write_offices(data / "service-points.yml", corpus)
    _write_roster(data / "roster.csv", corpus)
    docs = root / "docs"
    for post in corpus.posts:
        _write(docs / "blog/posts" / f"{post.stem}.md", _pufa_post(post))
    for site in corpus.sites:
        _write(docs / "sites" / f"{site.stem}.md", _pufa_site(site))
    for src, text in _pufa_pages(corpus).items():
        _write(docs / src, text)
    _copy_missing_nav_pages(root)
    _place_photos(docs, corpus, pool, link_photos)
    return corpus


def _write_townships(path: Path, corpus: Corpus) -> None:
    head = "# 基准测试用的虚构乡镇（benchmarks/corpus.py 生成），名称都是假的。\n"
    data = {
        "county": COUNTY,
        "county_total_label": COUNTY_LABEL,
        "villages_reported": sum(len(t.villages) for t in corpus.townships),
        "townships": [{"name": t.name, "slug": t.slug, "verified": t.verified, "villages": t.villages} for t in corpus.townships],
    }
    path.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def _write_offices(path: Path, corpus: Corpus) -> None:
    head = "# 基准测试用的虚构司法所（benchmarks/corpus.py 生成），电话都是假的。\n"
    data = {"offices_reported": len(corpus.offices), "offices": corpus.offices}
    path.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def _write_roster(path: Path, corpus: Corpus) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROSTER_HEADER)
        for p in corpus.roster:
            writer.writerow(
                (p.name, p.gender, p.township, p.village, p.category, p.role, p.phone, p.consent, p.consent_date, p.status, "是")
            )


def _body_text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _pufa_post(post: Post) -> str:
    meta: dict = {"title": post.title, "date": post.date, "category": post.category}
    meta["township"] = post.townships[0] if len(post.townships) == 1 else post.townships
    if post.figures:
        meta["figures"] = post.figures
    if post.photos:
        meta["photos"] = post.photos
    if post.source:
        meta["source"] = post.source
    return _front(meta) + "\n" + _body_text(post.paragraphs)


def _pufa_site(site: Site) -> str:
    meta: dict = {"title": site.title, "qr": site.qr, "kind": site.kind, "level": site.level}
    if site.township:
        meta["township"] = site.township
    if site.village:
        meta["village"] = site.village
    meta["address"] = site.address
    meta["coordinates"] = {"lat": site.lat, "lng": site.lng}
    if site.hours:
        meta["hours"] = site.hours
    meta["exhibits"] = [{"name": e.name, "text": e.text} | ({"qr": e.qr} if e.qr else {}) for e in site.exhibits]
    if site.photos:
        meta["photos"] = site.photos
    return _front(meta) + "\n" + _body_text(site.paragraphs)


def _pufa_pages(corpus: Corpus) -> dict[str, str]:
    """The hand-written pages of the project, with the pufa placeholders."""
    return {
        "index.md": _front({"title": "法治测试", "hide": ["navigation", "toc"]})
        + "\n# 法治测试\n\n基准测试用的虚构县普法网站：普法活动、法治文化阵地、法律服务，一站查看。\n\n"
        "遇到法律问题，请拨打公共法律服务热线 **[12348](tel:12348)**。\n\n## 年度数字\n\n<!-- pufa:reported-figures -->\n\n"
        "## 最新普法活动\n\n<!-- pufa:latest-posts -->\n\n[查看全部普法活动](blog/index.md){ .md-button }\n"
        "[法治文化阵地](sites/index.md){ .md-button }\n[法律服务](services/index.md){ .md-button }\n[关于本站](about.md){ .md-button }\n",
        "blog/index.md": _front({"title": "普法活动"})
        + "\n# 普法活动\n\n按时间从新到旧排列。也可以[按乡镇查看](township/index.md)，或在菜单里按年份、分类查看。\n",
        "sites/index.md": _front({"title": "法治文化阵地", "qr": "sites"})
        + "\n# 法治文化阵地\n\n县、乡、村三级法治文化阵地，点名称查看地址、开放时间和展项。\n\n## 各阵地\n\n<!-- pufa:sites-index -->\n",
        "services/index.md": _front({"title": "法律服务"})
        + "\n# 法律服务\n\n拨打 **[12348](tel:12348)** 咨询法律问题。其他热线见[服务热线](hotlines.md)。\n\n"
        + SERVICES
        + "## 司法所\n\n<!-- pufa:justice-offices -->\n",
        "services/hotlines.md": _front({"title": "服务热线"})
        + "\n# 服务热线\n\n点一下号码就能拨打。\n\n<!-- pufa:hotlines -->\n",
        "about.md": _front({"title": "关于"})
        + "\n# 关于本站\n\n这是 benchmarks/corpus.py 生成的基准测试网站，乡镇、村、人员和活动都是虚构的。\n\n"
        "详见[法治文化阵地](sites/index.md)和[法律服务](services/index.md)。\n",
    }


def _copy_missing_nav_pages(root: Path) -> None:
    """Pages the repository's nav names that this generator does not know yet: take the repo's."""
    text = (root / "mkdocs.yml").read_text("utf-8")
    nav = text.split("\nnav:", 1)[1] if "\nnav:" in text else ""
    for src in re.findall(r"([\w./-]+\.md)\b", nav.split("\n\n", 1)[0]):
        if src in GENERATED_BY_PUFA or (root / "docs" / src).exists():
            continue
        if (REPO / "docs" / src).exists():
            _write(root / "docs" / src, (REPO / "docs" / src).read_text("utf-8"))


# ------------------------------------------------------------------------- the plain Material variant


def generate_plain(
    root: Path, scale: float = 1.0, photos_dir: Path | None = None, seed: int = 1, *, link_photos: bool = True
) -> Corpus:
    """The same corpus as a team would write it for Material alone (no pufa plugin).

    Posts use Material's front matter (date YYYY-MM-DD, categories list); sites, township
    archives, roster and service pages are plain Markdown written out by hand (here: by us);
    photos are plain images of the original files; the nav lists every page.
    """
    root = _fresh(root)
    pool = photo_pool(photos_dir)
    corpus = build_corpus(scale, seed, len(pool))
    docs = root / "docs"
    shutil.copy2(REPO / "data/jieba_user.txt", root / "jieba_user.txt")
    hotlines = yaml.safe_load((REPO / "data/hotlines.yml").read_text("utf-8"))["hotlines"]
    reported = yaml.safe_load((REPO / "data/reported.yml").read_text("utf-8"))
    slug_of = {t.name: t.slug for t in corpus.townships}
    by_township: dict[str, list[Post]] = {}
    for post in sorted(corpus.posts, key=lambda p: p.sort_date, reverse=True):
        for name in post.townships:
            by_township.setdefault(name, []).append(post)

    def township_page(name: str) -> str:
        return f"blog/township/{slug_of.get(name, 'all')}.md"

    for post in corpus.posts:
        _write(docs / "blog/posts" / f"{post.stem}.md", _plain_post(post, township_page))
    for site in corpus.sites:
        _write(docs / "sites" / f"{site.stem}.md", _plain_site(site))
    pages: dict[str, str] = {}
    latest = sorted(corpus.posts, key=lambda p: p.sort_date, reverse=True)[:6]
    figures = "\n".join(f"- **{f['value']}{f['unit']}** {f['label']}" for f in reported["figures"] if f.get("home"))
    pages["index.md"] = (
        "---\ntitle: 法治测试\nhide:\n  - navigation\n  - toc\n---\n\n# 法治测试\n\n遇到法律问题，请拨打 **[12348](tel:12348)**。\n\n"
        f"## 年度数字\n\n{figures}\n\n## 最新普法活动\n\n"
        + "\n".join(f"- [{p.title}](blog/posts/{p.stem}.md)" for p in latest)
        + "\n\n[查看全部普法活动](blog/index.md)\n"
    )
    pages["blog/index.md"] = "# 普法活动\n\n按时间从新到旧排列。也可以[按乡镇查看](township/index.md)。\n"
    rows = "\n".join(
        f"| [{name}]({township_page(name).removeprefix('blog/township/')}) | {len(items)} |"
        for name, items in by_township.items()
    )
    pages["blog/township/index.md"] = f"# 按乡镇查看\n\n| 乡镇（街道） | 活动篇数 |\n| --- | ---: |\n{rows}\n"
    for name, items in by_township.items():
        lines = "\n".join(f"- {p.sort_date.isoformat()} · [{p.title}](../posts/{p.stem}.md) · {p.category}" for p in items)
        pages[township_page(name)] = f"# {name}的普法活动\n\n共 {len(items)} 篇。\n\n{lines}\n"
    totals: dict[str, int] = {}
    for post in corpus.posts:
        for key, value in post.figures.items():
            totals[key] = totals.get(key, 0) + int(str(value).rstrip("+"))
    pages["figures/index.md"] = (
        "# 普法数字\n\n| 项目 | 合计 |\n| --- | ---: |\n" + "\n".join(f"| {k} | {v} |" for k, v in totals.items()) + "\n"
    )
    site_lines = "\n".join(f"- [{s.title}]({s.stem}.md) · {s.kind} · {s.level}" for s in corpus.sites)
    pages["sites/index.md"] = f"# 法治文化阵地\n\n共 {len(corpus.sites)} 处。\n\n{site_lines}\n"
    people: dict[str, list[Person]] = {}
    for person in corpus.roster:
        if person.status == "在册":
            people.setdefault(person.township, []).append(person)
    counts = "\n".join(
        f"| [{t.name}]({t.slug}.md) | {len(people.get(t.name, []))} |" for t in corpus.townships if t.name in people
    )
    pages["roster/index.md"] = (
        f'# 法律明白人\n\n!!! warning "示例数据"\n\n    人名都是虚构的。\n\n| 乡镇（街道） | 人数 |\n| --- | ---: |\n{counts}\n'
    )
    for township in corpus.townships:
        if township.name in people:
            table = "\n".join(
                f"| {p.name} | {p.village} | {p.category} | {p.role} | {p.phone or '12348'} |"
                for p in sorted(people[township.name], key=lambda p: p.village)
            )
            pages[f"roster/{township.slug}.md"] = (
                f"# {township.name}的法律明白人\n\n| 姓名 | 村（社区） | 类别 | 身份职务 | 电话 |\n| --- | --- | --- | --- | --- |\n{table}\n"
            )
    hotline_text = "\n".join(
        f"- **[{h['number']}](tel:{h['number']})** {h['name']}：{h['scope']}（{h['hours']}）" for h in hotlines
    )
    pages["services/hotlines.md"] = f"# 服务热线\n\n{hotline_text}\n"
    office_rows = "\n".join(
        f"| {o['name']} | {o['township']} | {o['phone'] or '待补充'} | {o['address'] or '待补充'} |" for o in corpus.offices
    )
    pages["services/index.md"] = (
        f"# 法律服务\n\n拨打 **[12348](tel:12348)**。其他热线见[服务热线](hotlines.md)。\n\n{SERVICES}| 司法所 | 乡镇（街道） | 电话 | 地址 |\n| --- | --- | --- | --- |\n{office_rows}\n"
    )
    pages["about.md"] = "# 关于本站\n\n基准测试网站，内容都是虚构的。\n"
    for src, text in pages.items():
        _write(docs / src, text)
    _write(root / "mkdocs.yml", _plain_config(corpus, sorted(pages), (root / "jieba_user.txt").resolve()))
    _place_photos(docs, corpus, pool, link_photos)
    return corpus


def _plain_post(post: Post, township_page) -> str:
    meta = {"title": post.title, "date": post.sort_date, "categories": [post.category]}
    places = "、".join(f"[{name}](../township/{township_page(name).removeprefix('blog/township/')})" for name in post.townships)
    date = post.date if isinstance(post.date, int) else str(post.date)
    parts = [
        f"# {post.title}\n",
        f"{date} · {post.category} · 地点：{places}\n",
        post.paragraphs[0],
        "<!-- more -->",
        _body_text(post.paragraphs[1:]),
    ]
    if post.figures:
        parts.append(
            "## 活动数据\n\n| 项目 | 数量 |\n| --- | ---: |\n"
            + "\n".join(f"| {k} | {str(v).replace('+', '余')} |" for k, v in post.figures.items())
            + "\n"
        )
    parts += [f"![{post.title}（图{i}）]({photo})\n" for i, photo in enumerate(post.photos, 1)]
    if post.source:
        parts.append(f'!!! quote "报告原文"\n\n    {post.source}\n')
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + "\n\n".join(parts)


def _plain_site(site: Site) -> str:
    amap = "https://uri.amap.com/marker?" + urlencode({"position": f"{site.lng},{site.lat}", "name": site.title})
    parts = [
        f"# {site.title}\n",
        f"- **类型**：{site.kind}（{site.level}）\n- **位置**：{site.township} {site.village}\n- **地址**：{site.address}\n- **开放时间**：{site.hours or '待补充'}\n",
        f"[高德地图]({amap})\n",
        _body_text(site.paragraphs),
        "## 展项\n",
    ]
    parts += [f"### {e.name}\n\n{e.text}\n" for e in site.exhibits]
    parts += [f"![{site.title}（图{i}）]({photo})\n" for i, photo in enumerate(site.photos, 1)]
    return "\n".join(parts)


def _plain_config(corpus: Corpus, pages: list[str], jieba_dict: Path) -> str:
    """Material's own settings as the repo uses them, minus pufa; a nav naming every page."""

    def entries(prefix: str, skip: str) -> list[str]:
        return [p for p in pages if p.startswith(prefix) and p != skip]

    nav = [
        {"首页": "index.md"},
        {
            "普法活动": [
                "blog/index.md",
                {"按乡镇查看": ["blog/township/index.md", *entries("blog/township/", "blog/township/index.md")]},
                {"普法数字": "figures/index.md"},
            ]
        },
        {"法治文化阵地": ["sites/index.md", *[f"sites/{s.stem}.md" for s in corpus.sites]]},
        {"法律明白人": ["roster/index.md", *entries("roster/", "roster/index.md")]},
        {"法律服务": ["services/index.md", {"服务热线": "services/hotlines.md"}]},
        {"关于": "about.md"},
    ]
    config = {
        "site_name": "法治测试",
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "features": [
                "navigation.instant",
                "navigation.tabs",
                "navigation.indexes",
                "navigation.top",
                "navigation.footer",
                "search.suggest",
            ],
        },
        "plugins": [
            {"search": {"lang": "zh", "separator": r"[\s\u200b\-，。、；：？！（）《》“”]+", "jieba_dict_user": str(jieba_dict)}},
            {
                "blog": {
                    "blog_dir": "blog",
                    "post_url_format": "{file}",
                    "post_readtime": False,
                    "archive_date_format": "yyyy年",
                    "archive_url_date_format": "yyyy",
                    "authors": False,
                    "pagination_per_page": 10,
                }
            },
        ],
        "markdown_extensions": [
            "abbr",
            "admonition",
            "attr_list",
            "md_in_html",
            "tables",
            {"toc": {"permalink": True}},
            "pymdownx.details",
            "pymdownx.superfences",
        ],
        "nav": nav,
    }
    # jieba_dict_user is absolute: Material resolves it against the working directory.
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


# ------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write a county-scale synthetic pufa project and check it.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--photos-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plain", action="store_true", help="write the plain-Material variant instead")
    args = parser.parse_args(argv)
    if args.plain:
        corpus = generate_plain(args.root, args.scale, args.photos_dir, args.seed)
    else:
        corpus = generate(args.root, args.scale, args.photos_dir, args.seed)
    print(describe(corpus))
    if args.plain:
        return 0
    from pufa.commands.cli import check

    return check(args.root)


def describe(corpus: Corpus) -> str:
    chars = sum(cjk_count("".join(p.paragraphs)) for p in corpus.posts) / max(1, len(corpus.posts))
    return (
        f"corpus ×{corpus.scale:g}: {len(corpus.townships)} townships, {sum(len(t.villages) for t in corpus.townships)} villages, "
        f"{len(corpus.roster)} roster rows, {len(corpus.posts)} posts (mean {chars:.0f} Chinese characters), {len(corpus.sites)} sites, "
        f"{len(corpus.photo_refs)} photo references to {len({i for _, i in corpus.photo_refs})} distinct photos"
    )


if __name__ == "__main__":
    sys.exit(main())
