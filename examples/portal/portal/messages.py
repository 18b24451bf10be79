"""What the portal says to a person, in Chinese (the default) or English.

Field and error codes are the contract's (api/openapi.yaml: FieldCode,
ErrorCode, Warning.code); the SDK's English message is the fallback, so a
code added to the contract later still shows something readable. The test
test_messages.py fails when a contract code has no Chinese text here."""

from __future__ import annotations

from typing import Dict

#: FieldCode -> Chinese text shown at the input.
FIELD_ZH: Dict[str, str] = {
    "REQUIRED": "此项为必填项",
    "TOO_LONG": "内容过长",
    "FORBIDDEN_CHARACTER": "含有不允许的字符",
    "UNENCODABLE_CHARACTER": "含有发票无法打印的字符",
    "USCC_FORMAT": "统一社会信用代码应为 18 位数字或大写字母",
    "USCC_CHECKSUM": "统一社会信用代码校验位不正确，请核对",
    "ORG_CODE_CHECKSUM": "统一社会信用代码中的组织机构代码校验位不正确",
    "TAXPAYER_ID_FORMAT": "纳税人识别号格式不正确（应为 15、17、18 或 20 位）",
    "RESIDENT_ID_INVALID": "身份证号码不正确",
    "MOBILE_FORMAT": "手机号码应为 11 位，以 1 开头",
    "PHONE_FORMAT": "电话号码格式不正确",
    "POSTAL_CODE_FORMAT": "邮政编码应为 6 位数字",
    "BANK_ACCOUNT_FORMAT": "银行账号格式不正确",
    "EMAIL_FORMAT": "电子邮箱格式不正确",
    "TAXPAYER_ID_REQUIRED": "企业抬头需要填写纳税人识别号",
    "SPECIAL_FIELDS_REQUIRED": "专用发票需要填写地址、电话、开户行和账号",
    "DELIVERY_NOT_ALLOWED": "此发票类型不能选择该配送方式（纸质发票邮寄或自取，数电发票发送邮箱）",
    "ADDRESS_REQUIRED": "请填写完整的邮寄地址",
    "INVALID_VALUE": "取值无效",
    "EMPTY_SELECTION": "请至少选择一笔账单",
    "SPLIT_REQUIRES_SUPPORT": "一笔付款只能开具一个抬头；拆分金额请提交工单",
    "WEAK_PASSWORD": "密码至少 8 位，且须包含字母和数字",
    "INCORRECT_PASSWORD": "当前密码不正确",
    "BILL_NOT_FOUND": "找不到该账单",
    "BILL_NOT_YET_AVAILABLE": "该账单仍在同步中（付款后 3 天可申请）",
    "BILL_ALREADY_INVOICED": "该账单已申请过发票",
    "URL_FORMAT": "网址格式不正确",
    "URL_NOT_HTTPS": "网址必须使用 https://",
    "TOO_MANY_ENDPOINTS": "接收地址数量已达上限",
}

#: ErrorCode -> Chinese text for a whole-form problem.
ERROR_ZH: Dict[str, str] = {
    "INVALID_JSON": "请求格式错误",
    "INVALID_CURSOR": "分页参数无效",
    "INVALID_IDEMPOTENCY_KEY": "请求标识无效",
    "UNAUTHENTICATED": "登录已过期，请重新登录",
    "INVALID_CREDENTIALS": "邮箱或密码不正确",
    "ACCOUNT_NOT_ACTIVE": "账户尚未激活，请点击激活邮件中的链接",
    "PASSWORD_CHANGE_REQUIRED": "请先修改密码",
    "NOT_FOUND": "找不到该页面",
    "ORDER_NOT_FOUND": "找不到该订单 ID，请核对",
    "BILL_NOT_FOUND": "找不到该账单",
    "INVOICE_REQUEST_NOT_FOUND": "找不到该发票申请",
    "SUPPORT_TICKET_NOT_FOUND": "找不到该工单",
    "DOCUMENT_NOT_FOUND": "电子发票尚未开具",
    "PROFILE_NOT_FOUND": "还没有上次的开票信息",
    "ANNOUNCEMENT_NOT_FOUND": "找不到该公告",
    "EVENT_NOT_FOUND": "找不到该事件",
    "WEBHOOK_ENDPOINT_NOT_FOUND": "找不到该接收地址",
    "ACTIVATION_TOKEN_INVALID": "激活链接无效（新的激活邮件会使旧链接失效）",
    "BILL_NOT_YET_AVAILABLE": "账单仍在同步中，付款后 3 天可申请",
    "METHOD_NOT_ALLOWED": "不支持该操作",
    "ORDER_ALREADY_REGISTERED": "该订单已注册过账户，请直接登录",
    "REGISTRATION_PENDING": "该客户已有待激活的注册，请先激活或等待其失效",
    "EMAIL_TAKEN": "该邮箱已被注册",
    "ALREADY_ACTIVE": "账户已激活，请直接登录",
    "BILL_ALREADY_INVOICED": "该账单已申请过发票",
    "INVALID_TRANSITION": "当前状态下不能进行该操作",
    "IDEMPOTENCY_KEY_REUSED": "该表单已用于另一申请，请重新填写",
    "IDEMPOTENCY_KEY_IN_USE": "申请正在处理中，请稍候",
    "ORDER_ALREADY_EXISTS": "订单已存在",
    "CLOCK_NOT_VIRTUAL": "时钟不可调整",
    "ACTIVATION_EXPIRED": "激活链接已过期（24 小时），请重新注册",
    "BODY_TOO_LARGE": "提交的内容过大",
    "VALIDATION_FAILED": "请修改标出的内容",
    "WEAK_PASSWORD": "密码至少 8 位，且须包含字母和数字",
    "EMPTY_SELECTION": "请至少选择一笔账单",
    "SPLIT_REQUIRES_SUPPORT": "一笔付款只能开具一个抬头；拆分金额请提交工单",
    "TOO_MANY_ATTEMPTS": "尝试次数过多，请 15 分钟后再试",
    "RATE_LIMITED": "请求过于频繁，请稍后再试",
    "UNAVAILABLE": "发票服务暂时不可用，请稍后再试",
}

#: Warning code -> Chinese text on the confirm page.
WARNING_ZH: Dict[str, str] = {
    "PAYER_MISMATCH": "发票抬头与付款方不一致：办理退款或购买证明时，收款单位须与发票抬头一致",
    "STOCK_SHORTAGE": "票源紧张，寄票时间可能推迟（见公告）",
    "USCC_CHECKSUM": "统一社会信用代码校验位不符，请再次核对",
    "ORG_CODE_CHECKSUM": "组织机构代码校验位不符，请再次核对",
}

KIND_ZH = {
    "VAT_ORDINARY": "增值税普通发票（纸质）",
    "VAT_SPECIAL": "增值税专用发票（纸质）",
    "DIGITAL_ORDINARY": "数电发票（普通发票）",
    "DIGITAL_SPECIAL": "数电发票（增值税专用发票）",
}

DELIVERY_ZH = {
    "YUNDA": "韵达快递（邮费由开票方承担）",
    "SF_FREIGHT_COLLECT": "顺丰快递（只能到付）",
    "SELF_PICKUP": "自取",
    "EMAIL": "发送到邮箱（数电发票）",
}


def field_message(code: str, english: str, lang: str) -> str:
    if lang == "zh" and code in FIELD_ZH:
        return FIELD_ZH[code]
    return english or code


def error_message(code: str, english: str, lang: str) -> str:
    if lang == "zh" and code in ERROR_ZH:
        return ERROR_ZH[code]
    return english or code


def warning_message(code: str, english: str, lang: str) -> str:
    if lang == "zh" and code in WARNING_ZH:
        return WARNING_ZH[code]
    return english or code
