#!/usr/bin/env python3
"""Writes the sheets of the 青山市 民生实事 sample (data/minsheng/periods/) from the facts below.

Run once when the sample was made (python3 data/minsheng/tools/make-sheets.py; needs LibreOffice
for the .xlsx), and kept so that the facts behind every sheet can be reviewed. The sheets are
what county clerks would send back: CSV saved by Excel on a Chinese Windows (GBK), one county's
copy of the sheet `bulletin sheets` sent out (UTF-8 with a BOM), and workbooks saved through
LibreOffice from what was typed (so `70%` is a percentage cell and a date a date cell). Figures
are typed as clerks type them: `4,700`, `330套`, `44.5公里`, `80%`.
"""
import csv, io, pathlib, shutil, subprocess, tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PERIODS = ROOT / "periods"

TEXT = {
    1: ("城镇老旧小区改造开工。", "2025-11"),
    2: ("新增保障性租赁住房。", "2025-12"),
    3: ("新建、改扩建公办幼儿园。", "2025-08"),
    4: ("推进紧密型县域医共体建设，实现县域内检查检验结果互认。", "2025-12"),
    6: ("城镇新增就业。", "2025-12"),
    7: ("开展职业技能培训。", "2025-11"),
    8: ("新增养老服务床位。", "2025-10"),
    9: ("新改建农村公路。", "2025-12"),
    11: ("建立民生实事项目推进台账，实行周调度、月通报。", "2025-03"),
}
MEASURE = {1: "个", 2: "套", 3: "所", 4: "", 6: "人", 7: "人次", 8: "张", 9: "公里", 11: ""}
# 南湖县's targets, as `bulletin sheets` wrote them in its copy.
NANHU_TARGET = {1: "8个", 2: "200套", 3: "2所", 4: "百分比", 6: "1500人", 7: "1500人次",
                8: "100张", 9: "36公里", 11: "百分比"}

COUNTIES = ["青山区", "江北区", "经开区", "东河县", "西岭县", "南湖县", "北山县"]
SUBSET = {4: ["东河县", "西岭县", "南湖县", "北山县"], 9: ["东河县", "西岭县", "南湖县", "北山县"]}

# Per period, per task: county -> (status, date, figure). A figure on task 4 is a percentage.
D, P, N = "已完成", "推进中", "未开始"
FACTS = {
    "2025-06": {
        1: {"青山区": (P, "", "24"), "江北区": (P, "", "15"), "经开区": (P, "", "6"),
            "东河县": (P, "", "7"), "西岭县": (P, "", "3"), "南湖县": (P, "", "5"),
            "北山县": (P, "", "4")},
        2: {"青山区": (P, "", "450"), "江北区": (P, "", "280"), "经开区": (P, "", "220"),
            "东河县": (P, "", "100"), "西岭县": (P, "", "60"), "南湖县": (P, "", "120"),
            "北山县": (P, "", "80")},
        3: {"青山区": (P, "", "2"), "江北区": (D, "2025-05-20", "2"), "经开区": (P, "", "1"),
            "东河县": (D, "2025-06-15", "2"), "西岭县": (P, "", "1"), "南湖县": (P, "", "1"),
            "北山县": (D, "2025-04-30", "2")},
        4: {"东河县": (P, "", "60%"), "西岭县": (P, "", "40%"), "南湖县": (P, "", "55%"),
            "北山县": (P, "", "50%")},
        6: {"青山区": (P, "", "3200"), "江北区": (P, "", "2400"), "经开区": (P, "", "1600"),
            "东河县": (P, "", "1300"), "西岭县": (P, "", "900"), "南湖县": (P, "", "800"),
            "北山县": (P, "", "1000")},
        7: {"青山区": (P, "", "900"), "江北区": (P, "", "800"), "经开区": (P, "", "850"),
            "东河县": (P, "", "700"), "西岭县": (P, "", "500"), "南湖县": (P, "", "820"),
            "北山县": (P, "", "830")},
        8: {"青山区": (P, "", "200"), "江北区": (P, "", "160"), "经开区": (P, "", "70"),
            "东河县": (P, "", "100"), "西岭县": (P, "", "90"), "南湖县": (P, "", "70"),
            "北山县": (P, "", "95")},
        9: {"东河县": (P, "", "30"), "西岭县": (P, "", "18.5"), "南湖县": (P, "", "20"),
            "北山县": (P, "", "21")},
        11: {"青山区": (D, "2025-02-28", ""), "江北区": (D, "2025-03-10", ""),
             "经开区": (D, "2025-03-05", ""), "东河县": (D, "2025-03-20", ""),
             "西岭县": (P, "", ""), "南湖县": (D, "2025-03-31", ""), "北山县": (N, "", "")},
    },
    "2025-09": {
        1: {"青山区": (D, "2025-09-10", "40"), "江北区": (P, "", "26"),
            "经开区": (D, "2025-08-20", "10"), "东河县": (P, "", "10"), "西岭县": (P, "", "6"),
            "南湖县": (D, "2025-09-18", "8"), "北山县": (P, "", "7")},
        2: {"青山区": (P, "", "620"), "江北区": (P, "", "430"), "经开区": (P, "", "330"),
            "东河县": (P, "", "160"), "西岭县": (P, "", "110"), "南湖县": (D, "2025-09-25", "200"),
            "北山县": (P, "", "150")},
        3: {"青山区": (D, "2025-08-28", "3"), "江北区": (D, "2025-05-20", "2"),
            "经开区": (D, "2025-09-05", "2"), "东河县": (D, "2025-06-15", "2"),
            "西岭县": (P, "", "1"), "南湖县": (D, "2025-08-30", "2"),
            "北山县": (D, "2025-04-30", "2")},
        4: {"东河县": (D, "2025-09-01", "100%"), "西岭县": (P, "", "60%"),
            "南湖县": (P, "", "65%"), "北山县": (P, "", "70%")},
        6: {"青山区": (P, "", "4700"), "江北区": (P, "", "3800"), "经开区": (P, "", "2300"),
            "东河县": (P, "", "1900"), "西岭县": (P, "", "1500"), "南湖县": (P, "", "1150"),
            "北山县": (P, "", "1520")},
        7: {"青山区": (D, "2025-09-20", "1500"), "江北区": (P, "", "1300"),
            "经开区": (P, "", "1250"), "东河县": (P, "", "1200"), "西岭县": (P, "", "900"),
            "南湖县": (P, "", "1240"), "北山县": (P, "", "1230")},
        8: {"青山区": (D, "2025-09-15", "300"), "江北区": (P, "", "230"),
            "经开区": (D, "2025-08-31", "100"), "东河县": (P, "", "130"), "西岭县": (P, "", "120"),
            "南湖县": (D, "2025-09-25", "100"), "北山县": (P, "", "140")},
        9: {"东河县": (P, "", "44.5"), "西岭县": (P, "", "25"), "南湖县": (P, "", "29"),
            "北山县": (P, "", "33.5")},
        11: {"青山区": (D, "2025-02-28", ""), "江北区": (D, "2025-03-10", ""),
             "经开区": (D, "2025-03-05", ""), "东河县": (D, "2025-03-20", ""),
             "西岭县": (D, "2025-07-10", ""), "南湖县": (D, "2025-03-31", ""),
             "北山县": (P, "", "")},
    },
}
# The departments' own tasks: (status, figure, note).
DEPARTMENTS = {
    "2025-06": {
        "市文旅局": (5, P, "8", "已建成城市书房8家，另有6家正在装修。"),
        "市交通运输局": (10, P, "45%", "已开通城乡公交线路9条，其余线路正在开展道路安全评估。"),
    },
    "2025-09": {
        "市文旅局": (5, P, "15", "已建成城市书房15家，其余5家正在选址。"),
        "市交通运输局": (10, P, "80%", "已开通城乡公交线路16条，其余4条正在试运行。"),
    },
}
PERIOD_YAML = {
    "2025-06": "as_of: 2025-06-30\nbulletin:\n  number: 青民生办〔2025〕6号\n  date: 2025-07-08\n",
    "2025-09": "as_of: 2025-09-30\nbulletin:\n  number: 青民生办〔2025〕9号\n  date: 2025-10-10\n",
}


def rows_of(period, county):
    """(task, status, date, figure) of a county, in task order."""
    for task in sorted(FACTS[period]):
        if county in FACTS[period][task]:
            status, date, figure = FACTS[period][task][county]
            yield task, status, date, figure


def slash(date):  # 2025/9/10
    if not date:
        return ""
    y, m, d = date.split("-")
    return f"{y}/{int(m)}/{int(d)}"


def chinese(date):  # 2025年9月1日
    if not date:
        return ""
    y, m, d = date.split("-")
    return f"{y}年{int(m)}月{int(d)}日"


def csv_text(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def gbk(path, header, rows):
    path.write_bytes(csv_text(header, rows).encode("gbk"))


def workbook(path, header, rows):
    """Typed into a sheet and saved through LibreOffice, as an .xlsx."""
    with tempfile.TemporaryDirectory() as tmp:
        source = pathlib.Path(tmp) / (path.stem + ".csv")
        source.write_text(csv_text(header, rows), encoding="utf-8")
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xlsx",
             "--infilter=CSV:44,34,76,1,,2052,false,true", str(source), "--outdir", tmp],
            check=True, capture_output=True)
        shutil.copy(pathlib.Path(tmp) / (path.stem + ".xlsx"), path)


def write(period):
    folder = PERIODS / period
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "period.yaml").write_text(PERIOD_YAML[period], encoding="utf-8")
    header = ["单位", "任务", "状态", "完成日期", "进度", "说明"]
    # 青山区: Excel's CSV (GBK); thousands separators, dates with slashes.
    rows = [["青山区", t, s, slash(d), f"{int(f):,}" if f else "", ""]
            for t, s, d, f in rows_of(period, "青山区")]
    gbk(folder / "青山区.csv", header, rows)
    # 经开区: GBK, 第N项, the measure word after each figure.
    rows = [["经开区", f"第{t}项", s, d, f + MEASURE[t] if f else "", ""]
            for t, s, d, f in rows_of(period, "经开区")]
    gbk(folder / "经开区.csv", ["单位", "任务编号", "状态", "完成日期", "进度", "备注"], rows)
    # 东河县: GBK, its own column name 完成量, dates in Chinese.
    rows = [["东河县", t, s, chinese(d), f + MEASURE[t] if f and not f.endswith("%") else f]
            for t, s, d, f in rows_of(period, "东河县")]
    gbk(folder / "东河县.csv", ["单位", "任务", "状态", "完成日期", "完成量"], rows)
    # 南湖县: the sheet `bulletin sheets` sent out, filled in and saved as it came (UTF-8, BOM).
    rows = [["南湖县", t, TEXT[t][0], TEXT[t][1], NANHU_TARGET[t], f, s, d, ""]
            for t, s, d, f in rows_of(period, "南湖县")]
    text = csv_text(["单位", "任务", "任务内容", "完成时限", "目标", "进度", "状态", "完成日期", "说明"], rows)
    (folder / "南湖县.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    # 江北区, 西岭县, 北山县: workbooks saved through LibreOffice.
    for county in ["江北区", "西岭县", "北山县"]:
        rows = [[county, t, s, d, f, ""] for t, s, d, f in rows_of(period, county)]
        workbook(folder / f"{county}.xlsx", header, rows)
    for department, (task, status, figure, note) in DEPARTMENTS[period].items():
        gbk(folder / f"{department}.csv", header, [[department, task, status, "", figure, note]])


for period in FACTS:
    write(period)
