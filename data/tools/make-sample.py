#!/usr/bin/env python3
"""Writes the sample sheets under data/periods/ from the facts of the reference bulletin.

Run once when the sample was made (python3 data/tools/make-sample.py, needs openpyxl); kept so
that the facts behind every sheet can be reviewed. The sheets are what towns would send back:
a mix of CSV in UTF-8 with and without a BOM, CSV in GBK, .xlsx with real date cells, Chinese
and English headers, task ids as `3` or `第3项`, and the date forms clerks type.
"""
import csv, datetime as dt, io, pathlib, random

import openpyxl

ROOT = pathlib.Path(__file__).resolve().parent.parent
TOWNS = "瞻岐 咸祥 东吴 五乡 邱隘 云龙 横溪 潘火 福明 东柳 东胜 白鹤 钟公庙 明楼 百丈 中河 下应 首南 塘溪 姜山 东郊".split()
FIRST13 = TOWNS[:13]
DEADLINE = {1: "2021-04-15", 2: "2021-04", 3: "2021-04", 4: "2021-03", 5: "2021-06", 6: "2021-04",
            7: "2021-03", 8: "2020-12", 9: "2020-12", 10: "2022-12", 11: "2022-12", 12: "2021-04",
            13: "2021-06", 14: "2020-12", 15: "2020-12", 16: "2021-12", 17: "2021-12", 18: "2022-12",
            19: "2022-12", 20: "2021-06", 21: "2021-12", 22: "2021-03", 23: "2020-12", 24: "2021-12",
            25: "2021-06", 26: "2021-06", 27: "2021-06", 28: "2021-03", 29: "2021-12", 30: "2021-12",
            31: "2020-12", 32: "2022-12", 33: "2022-12", 34: "2022-12", 35: "2021-12", 36: "2021-01",
            37: "2021-01", 38: "2021-12"}
DEPT_TASKS = {5: "公安分局", 10: "区应急管理局", 11: "区大数据局", 21: "区委编委办", 34: "区财政局",
              36: "区财政局", 38: "区应急管理局"}
SUBSET = {19: ["瞻岐", "咸祥"], 23: ["瞻岐", "咸祥", "东吴", "五乡", "云龙", "横溪", "塘溪"]}
ON_TIME = [4, 7, 8, 9, 14, 15, 22, 23, 28, 31, 37]
MIXED = [13, 17, 18, 20, 24, 25, 26, 27, 29, 30, 32, 33, 35]

# The reference's per-town facts (with the corrections named in data/README.md).
GROUPS = {
    1: (FIRST13, [], None),
    2: (FIRST13, [], None),
    3: (["瞻岐", "咸祥", "五乡", "邱隘", "云龙", "横溪", "东柳", "白鹤"], "rest", []),
    6: (["五乡", "明楼", "百丈", "东胜", "钟公庙"],
        ["瞻岐", "咸祥", "东吴", "云龙", "潘火", "福明", "东柳", "中河", "下应", "首南", "白鹤"], None),
    12: (["咸祥", "福明", "东柳", "中河", "明楼", "白鹤"], [], None),
    16: (["瞻岐", "福明", "东柳", "姜山", "白鹤", "钟公庙"],
         ["五乡", "下应", "云龙", "邱隘", "咸祥", "横溪", "潘火", "明楼", "首南"], None),
    19: ([], ["瞻岐", "咸祥"], None),
}
DEPT_NOTES = {
    5: "2020年鄞州区公安分局出台实施派出所消防安全监管整治工作评估办法，坚持“指挥有力、执法有效、运转顺畅”的工作原则，全力构建“镇街统一领导、部门协同配合”的消防监管局面，但在积极参与当地镇政府（办事处）组织的消防专项整治工作方面还需要进一步抓好落实。",
    10: "潘火、下应、塘溪、瞻岐等作为推进安全生产责任险的试点单位，全面“提质扩面”，工作推进有力，基本实现“保险+服务”模式全覆盖。福明、东柳在推广住宅小区消防安全责任险，东郊在推广专业市场安全责任险上作出了有益的探索。各镇（街道）积极推进实施新一轮巨灾保险，加强各级联络员培训工作，强化巨灾保险灾情评估服务。",
    11: "下应街道和大嵩新区作为试点单位能积极应用市级平台，其余镇（街道）在应用市级平台方面还需努力。",
    21: "区委编委办已于3月12日发文统一将安监所变更为应急管理所，4月14日印发《关于明确镇（街道）应急管理所职责的通知》（鄞编办〔2021〕14号），应急管理所编制核定工作正在进行。",
    34: "区财政局正在研究制定基层应急管理经费保障办法。",
    36: "区财政局已将基层应急管理工作经费纳入2021年度区级财政预算，并下达各镇（街道）。",
    38: "区应急管理局已起草基层应急管理工作考核评价办法，正在征求各镇（街道）意见。",
}
APRIL_DEPT_NOTES = {
    21: "区委编委办已于3月12日发文统一将安监所变更为应急管理所，4月14日印发《关于明确镇（街道）应急管理所职责的通知》（鄞编办〔2021〕14号）。",
    38: "区应急管理局正在起草基层应急管理工作考核评价办法。",
}

rng = random.Random(20210524)


def deadline_end(text):
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    y, m = parts
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def rand_date(lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def may_facts():
    """{(unit, task): (status, date or None, note)} as of 2021-05-24."""
    facts = {}
    as_of = dt.date(2021, 5, 24)
    for task in range(1, 39):
        if task in DEPT_TASKS:
            unit = DEPT_TASKS[task]
            done = task == 36
            facts[unit, task] = ("done" if done else "in_progress",
                                 dt.date(2021, 1, 20) if done else None, DEPT_NOTES[task])
            continue
        units = SUBSET.get(task, TOWNS)
        end = deadline_end(DEADLINE[task])
        if task in ON_TIME:
            for u in units:
                facts[u, task] = ("done", rand_date(end - dt.timedelta(days=40), end), "")
        elif task in GROUPS:
            done, progress, _ = GROUPS[task]
            for u in units:
                if u in done:
                    hi = min(as_of, dt.date(2021, 5, 20))
                    lo = dt.date(2021, 3, 15) if task in (1, 2, 3) else dt.date(2021, 3, 1)
                    facts[u, task] = ("done", rand_date(lo, hi), "")
                elif progress == "rest" or u in progress:
                    facts[u, task] = ("in_progress", None, "已草拟初稿" if task == 3 and u == "东吴" else "")
                else:
                    facts[u, task] = ("not_started", None, "")
        else:
            assert task in MIXED, task
            for u in units:
                r = rng.random()
                if r < 0.35:
                    facts[u, task] = ("done", rand_date(dt.date(2021, 3, 1), dt.date(2021, 5, 20)), "")
                elif r < 0.75:
                    facts[u, task] = ("in_progress", None, "")
                else:
                    facts[u, task] = ("not_started", None, "")
    return facts


def april_facts(may):
    """A consistent earlier month: what was finished after 2021-04-26 was still under way."""
    as_of = dt.date(2021, 4, 26)
    facts = {}
    for (unit, task), (status, date, note) in may.items():
        if unit in DEPT_TASKS.values():
            note = APRIL_DEPT_NOTES.get(task, note)
        if status == "done" and date > as_of:
            status, date = ("in_progress", None)
        if status == "in_progress" and task in MIXED and rng.random() < 0.3:
            status = "not_started"
        facts[unit, task] = (status, date, note)
    return facts


ZH = {"done": "已完成", "in_progress": "推进中", "not_started": "未开始"}
TEXTS = {}


def load_texts():
    # The task texts for the context columns, read from plan.yaml without a YAML library.
    lines = (ROOT / "plan.yaml").read_text(encoding="utf-8").splitlines()
    current = None
    for line in lines:
        s = line.strip()
        if s.startswith("- id:"):
            current = int(s.split(":")[1])
        elif s.startswith("text:") and current:
            TEXTS[current] = s[len("text:"):].strip()


def fmt_date(d, style):
    if d is None:
        return ""
    return {"iso": d.isoformat(), "slash": f"{d.year}/{d.month}/{d.day}",
            "dot": f"{d.year}.{d.month}.{d.day}", "zh": f"{d.year}年{d.month}月{d.day}日"}[style]


def rows_for(unit, facts):
    return sorted(((t, s, d, n) for (u, t), (s, d, n) in facts.items() if u == unit))


def write_sheet(folder, unit, facts, kind, date_style="iso", ids="plain", english=False, order=None):
    rows = rows_for(unit, facts)
    header = ["单位", "任务", "任务内容", "完成时限", "状态", "完成日期", "说明"]
    if english:
        header = ["unit", "task", "title", "deadline", "status", "date", "note"]
    table = []
    for task, status, date, note in rows:
        task_cell = f"第{task}项" if ids == "zh" else str(task)
        status_cell = status if english else ZH[status]
        table.append([unit, task_cell, TEXTS[task], DEADLINE[task], status_cell, date, note])
    if order:
        header = [header[i] for i in order]
        table = [[r[i] for i in order] for r in table]
    if kind == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = unit
        ws.append(header)
        for r in table:
            ws.append(r)
            cell = ws.cell(row=ws.max_row, column=header.index("完成日期") + 1)
            cell.number_format = "yyyy/m/d"
        wb.properties.created = dt.datetime(2021, 5, 20)
        wb.properties.modified = dt.datetime(2021, 5, 20)
        wb.save(folder / f"{unit}.xlsx")
        return
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for r in table:
        w.writerow([fmt_date(c, date_style) if isinstance(c, dt.date) else c for c in r])
    text = out.getvalue()
    data = {"bom": b"\xef\xbb\xbf" + text.encode("utf-8"), "utf8": text.encode("utf-8"),
            "gbk": text.encode("gbk")}[kind]
    (folder / f"{unit}.csv").write_bytes(data)


MAY_FORMS = {
    "咸祥": dict(kind="xlsx"), "云龙": dict(kind="xlsx"), "姜山": dict(kind="xlsx"),
    "区应急管理局": dict(kind="xlsx"),
    "东吴": dict(kind="gbk", date_style="slash"), "五乡": dict(kind="gbk"),
    "横溪": dict(kind="gbk", date_style="zh"), "福明": dict(kind="gbk", ids="zh"),
    "塘溪": dict(kind="gbk", date_style="dot"), "公安分局": dict(kind="gbk"),
    "首南": dict(kind="utf8"), "区财政局": dict(kind="utf8", date_style="zh"),
    "下应": dict(kind="bom", english=True),
    "百丈": dict(kind="bom", order=[1, 0, 4, 5, 6]),
    "潘火": dict(kind="bom", ids="zh", date_style="slash"),
}
APRIL_FORMS = {"咸祥": dict(kind="xlsx"), "东吴": dict(kind="gbk", date_style="slash"),
               "公安分局": dict(kind="gbk")}


def write_period(name, as_of, facts, forms):
    folder = ROOT / "periods" / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    for old in folder.glob("*.xlsx"):
        old.unlink()
    (folder / "period.yaml").write_text(f"as_of: {as_of}\n", encoding="utf-8")
    units = sorted({u for u, _ in facts})
    for unit in units:
        write_sheet(folder, unit, facts, **forms.get(unit, dict(kind="bom")))


def main():
    load_texts()
    may = may_facts()
    april = april_facts(may)
    write_period("2021-05", "2021-05-24", may, MAY_FORMS)
    write_period("2021-04", "2021-04-26", april, APRIL_FORMS)


main()
