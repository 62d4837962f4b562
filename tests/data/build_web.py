"""Builds tests/data/web/: newspaper-like pages, a crawl and a feed made from
the project's own dev articles (nothing copied from the web).

    python tests/data/build_web.py

- `pages/*.html`: four articles in the shapes Vietnamese party papers use
  (header and menu, the article with its dateline and a photo caption
  "Ảnh: ...", a related-news box and a comment naming other officials, a
  footer naming the editor), and one of them again on a second site with
  other chrome (a syndicated copy);
- `crawl.warc.gz`: three more pages as HTTP responses, with a request
  record, a 404, an image, a redirect and robots.txt beside them;
- `feed.jsonl`: three more articles as a news crawler exports them.

`WEB_ARTICLES` says which dev article each holds, for the tests.
"""
from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "corpus" / "dev"
OUT = Path(__file__).resolve().parent / "web"

PAGES = {"dev_05.txt": "baodaklak.example.vn/xay-dung-dang/gieo-hat-giong-do-o-buon-bon-2018.html",
         "dev_12.txt": "baolamdong.example.vn/chinh-tri/lang-biang-kien-toan-53-to-chuc-dang.html",
         "dev_21.txt": "baobariavungtau.example.vn/chinh-tri/cong-bo-ket-qua-hoi-nghi-lan-thu-nhat.html",
         "dev_07.txt": "baoquangtri.example.vn/xay-dung-dang/vinh-linh-truong-son-nhiem-ky-moi.html"}
SYNDICATED = ("dev_12.txt", "tintuc.example.vn/thoi-su/phuong-lang-biang-da-lat-kien-toan-to-chuc-dang.html")
CRAWLED = {"dev_14.txt": "baobinhduong.example.vn/phuong-binh-duong-ra-mat-ban-chap-hanh.html",
           "dev_33.txt": "baophutho.example.vn/mai-chau-ky-dai-hoi-dau-tien.html",
           "dev_09.txt": "baophutho.example.vn/an-nghia-thung-nai-hai-dang-bo-xa-moi.html"}
FED = {"dev_27.txt": "baoquangnam.example.vn/dai-hoi-dang-bo-huyen-tay-giang-lan-thu-iv.html",
       "dev_18.txt": None,
       "dev_30.txt": "baocantho.example.vn/nguoi-bi-thu-khmer-o-xa-moi-lieu-tu.html"}
WEB_ARTICLES = {**{k: f"https://{v}" for k, v in PAGES.items()},
                **{k: f"https://{v}" for k, v in CRAWLED.items()},
                **{k: (f"https://{v}" if v else None) for k, v in FED.items()}}

_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*")
_DATELINE = re.compile(r"^(Thứ [^\n]{2,12}|Chủ nhật), \d{1,2}/\d{1,2}/\d{4}[^\n]*$|^\.$")


def parts(name: str) -> tuple[str, str | None, list[str]]:
    """(title, date, paragraphs) of a dev article: the header's date or the
    gold date, the dateline dropped (a page shows it in its own markup)."""
    gold = json.loads((DEV / "gold" / f"{name}.json").read_text(encoding="utf-8")).get("date")
    return parts_of((DEV / name).read_text(encoding="utf-8"), gold)


def parts_of(text: str, date: str | None = None) -> tuple[str, str | None, list[str]]:
    """(title, date, paragraphs) of an article's text (its header's date first)."""
    m = _HEADER.match(text)
    if m:
        date, text = m.group(1), text[m.end():]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    title, body = paragraphs[0], [p for p in paragraphs[1:] if not _DATELINE.match(p)]
    return title, date, body


def page(name: str, url: str, site: str, variant: int = 0) -> str:
    return page_of(*parts(name), url, site, variant)


def page_of(title: str, date: str | None, body: list[str], url: str, site: str, variant: int = 0) -> str:
    """A newspaper page around the article: header, menu, the article with
    its dateline and a photo caption, a related-news box, comments, footer."""
    e = html.escape
    paras = [f"<p>{e(p)}</p>" for p in body]
    paras.insert(min(2, len(paras)), '<figure class="image"><img src="/img/a.jpg" alt="">'
                 "<figcaption>Đồng chí Nguyễn Văn Bình, Bí thư Huyện ủy Krông Pắc thăm hỏi "
                 "đảng viên. Ảnh: Minh Thuận</figcaption></figure>")
    meta = (f'<meta property="article:published_time" content="{date}T08:00:00+07:00">' if date else "")
    menu = "".join(f'<li><a href="/{slug}">{label}</a></li>' for slug, label in (
        ("", "Trang chủ"), ("chinh-tri", "Chính trị"), ("xay-dung-dang", "Xây dựng Đảng"),
        ("kinh-te", "Kinh tế"), ("xa-hoi", "Xã hội"), ("video", "Video")))
    related = ("<aside class=\"box-related\"><h3>Tin liên quan</h3><ul>"
               "<li><a href=\"/r1.html\">Đồng chí Lê Văn Tám được bầu giữ chức Bí thư Tỉnh ủy Đắk Nông</a></li>"
               "<li><a href=\"/r2.html\">Ông Trần Văn Cường làm Chủ tịch UBND huyện Ea Kar</a></li>"
               "<li><a href=\"/r3.html\">Bà Hoàng Thị Mai, Phó Bí thư Thường trực Thành ủy, dự đại hội</a></li>"
               "</ul></aside>")
    comments = ("<section class=\"comments\"><h3>Ý kiến bạn đọc</h3><div class=\"comment\">"
                "<p>Chúc mừng đồng chí Phạm Văn Dũng, tân Bí thư Đảng ủy xã!</p></div></section>")
    date_shown = ".".join(reversed(date.split("-"))) if date else ""
    top = (f'<header class="site-header"><a class="logo" href="/">{e(site)}</a>'
           f'<nav class="menu"><ul>{menu}</ul></nav>'
           '<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>')
    article = (f'<article class="detail"><div class="breadcrumb"><a href="/xay-dung-dang">Xây dựng Đảng</a></div>'
               f'<h1 class="detail-title">{e(title)}</h1>'
               f'<div class="detail-meta"><span class="time">Cập nhật: {date_shown} 08:00</span> '
               '<span class="share">Chia sẻ</span></div>'
               f'<div class="detail-content">{"".join(paras)}'
               '<p class="author" style="text-align:right"><strong>PV</strong></p></div></article>')
    foot = (f'<footer><p>{e(site)} - Cơ quan của Đảng bộ tỉnh. Tổng Biên tập: Nguyễn Thị Hoa. '
            "Giấy phép số 123/GP-BTTTT.</p><p>Địa chỉ: 15 đường Lê Duẩn. Điện thoại: 0260 3852 000.</p></footer>")
    body = (top + f"<main>{article}{related}{comments}</main>" + foot) if variant == 0 else \
        (top + f'<div class="wrap"><div class="col-main">{article}{comments}</div>'
               f'<div class="col-side">{related}<div class="ads">Quảng cáo</div></div></div>' + foot)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>{e(title)} - {e(site)}</title>"
            f'<meta property="og:title" content="{e(title)}"><meta property="og:site_name" content="{e(site)}">'
            f'{meta}<link rel="canonical" href="{e(url)}"></head><body>{body}</body></html>')


def _site(url: str) -> str:
    host = url.split("/")[2].split(".")[0]
    return {"tintuc": "Tin tức"}.get(host, "Báo " + host[3:].capitalize())


def build() -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    (OUT / "pages").mkdir(parents=True, exist_ok=True)
    for name, where in PAGES.items():
        url = f"https://{where}"
        (OUT / "pages" / f"{name[:-4]}.html").write_text(page(name, url, _site(url)), encoding="utf-8")
    name, where = SYNDICATED
    url = f"https://{where}"
    (OUT / "pages" / f"{name[:-4]}_tintuc.html").write_text(page(name, url, _site(url), variant=1),
                                                            encoding="utf-8")

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def response(url: str, status: str, ctype: str, body: bytes, extra: list | None = None) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype), *(extra or [])], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))

    writer.write_record(writer.create_warc_record("https://baophutho.example.vn/robots.txt", "request",
                                                  payload=io.BytesIO(b"GET /robots.txt HTTP/1.1\r\n\r\n")))
    response("https://baophutho.example.vn/robots.txt", "200 OK", "text/plain", b"User-agent: *\nAllow: /\n")
    for name, where in CRAWLED.items():
        url = f"https://{where}"
        response(url, "200 OK", "text/html; charset=utf-8", page(name, url, _site(url)).encode("utf-8"))
    response("https://baophutho.example.vn/khong-co.html", "404 Not Found", "text/html",
             "<html><body><h1>404</h1><p>Trang bạn tìm không tồn tại.</p></body></html>".encode("utf-8"))
    response("https://baophutho.example.vn/img/anh.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff\xe0" + bytes(64))
    response("http://baophutho.example.vn/tin-cu.html", "301 Moved Permanently", "text/html", b"",
             [("Location", "https://baophutho.example.vn/mai-chau-ky-dai-hoi-dau-tien.html")])
    (OUT / "crawl.warc.gz").write_bytes(buf.getvalue())

    lines = []
    for name, where in FED.items():
        title, date, body = parts(name)
        obj = {"text": "\n\n".join(body), "title": title}
        if where:
            obj["url"] = f"https://{where}"
            obj["publisher"] = _site(obj["url"])
        if date:
            obj["date"] = f"{date}T07:30:00+07:00"
        lines.append(json.dumps(obj, ensure_ascii=False))
    (OUT / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
