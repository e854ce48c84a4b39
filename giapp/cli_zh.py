"""argparse in Chinese: its usage, help headings and error messages are what a clerk reads at the console."""

from __future__ import annotations

import argparse
import gettext

ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示这段帮助后退出",
    "show program's version number and exit": "显示程序版本后退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "the following arguments are required: %s": "缺少必须给出的参数：%s",
    "one of the arguments %s is required": "参数 %s 至少要给出一个",
    "expected one argument": "后面要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少要跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "invalid %(type)s value: %(value)r": "值 %(value)r 不对（应为%(type)s）",
    "invalid choice: %(value)r (choose from %(choices)s)": "“%(value)s”不在可选范围内（可选：%(choices)s）",
    "not allowed with argument %s": "不能和参数 %s 同时使用",
    "%(prog)s: error: %(message)s\n": "%(prog)s：命令写法不对：%(message)s。运行“%(prog)s --help”可查看用法。\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有“%(parser_name)s”这个命令（可用的命令：%(choices)s）",
}
_TYPE_NAMES = {"int": "整数", "float": "数字"}


def _zh(message: str) -> str:
    return ZH.get(message, gettext.gettext(message))


def install() -> None:
    """argparse looks its messages up through its module-level `_` at the moment it needs them."""
    argparse._ = _zh  # type: ignore[attr-defined]


_METAVARS = {"output": "输出文件", "file": "文件", "id": "编号", "previous": "上年报告", "year": "年度"}


class ChineseParser(argparse.ArgumentParser):
    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.dest in _METAVARS and action.nargs in (None, "?"):
            action.metavar = _METAVARS[action.dest]
        return action

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as e:
            name = getattr(action.type, "__name__", "")
            if name in _TYPE_NAMES:
                raise argparse.ArgumentError(action, f"“{arg_string}”不是{_TYPE_NAMES[name]}") from None
            raise e
