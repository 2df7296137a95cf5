import type { linksEn } from './links.en';

/** 会议链接（licode-desktop://join?…）的中文文本（并入 zh-CN.ts）。 */
export const linksZhCN: Record<keyof typeof linksEn, string> = {
  'links.confirm.title': '通过链接加入会议',
  'links.confirm.question': '添加 {server} 并加入 {room}？',
  'links.confirm.unknownServer':
    '您尚未添加此服务器。请仅在信任此链接时继续：Licode Desktop 会先测试并保存服务器，然后显示会议室，在此之前没有人能看到或听到您。',
  'links.confirm.displayName': '链接建议使用名称 {name}。',
  'links.confirm.add': '添加服务器并继续',
  'links.confirm.cancel': '取消',
  'links.problem.title': '无法打开此会议链接',
  'links.problem.close': '关闭',
  'links.problem.unknownProfile': '链接指定的服务器"{server}"尚未添加。请先添加它，或请对方提供包含服务器地址的链接。',
  'links.problem.addFailed': '无法添加服务器：{reason}',
  'links.invalid.too-long': '链接太长，不是会议链接。',
  'links.invalid.not-a-link': '这不是有效的链接。',
  'links.invalid.other-scheme': '只能打开 licode-desktop:// 会议链接。',
  'links.invalid.not-join': '会议链接的格式为 licode-desktop://join?server=…&room=…。',
  'links.invalid.credentials': '链接包含用户名或密码，会议链接不会包含这些内容。',
  'links.invalid.fragment': '链接包含 # 部分，会议链接不会包含此部分。',
  'links.invalid.encoded-separator': '链接的值中隐藏了分隔符（%26、%3D、%3F、%23）或双重编码。',
  'links.invalid.unknown-key': '链接包含 server、room 和 name 以外的部分。',
  'links.invalid.duplicate-key': '链接多次指定了服务器、会议室或名称。',
  'links.invalid.missing-server': '链接没有指定要使用的服务器。',
  'links.invalid.missing-room': '链接没有指定要加入的会议室。',
  'links.invalid.server-invalid': '链接指定的服务器既不是有效的 http(s) 地址，也不是您已添加的服务器。',
  'links.invalid.room-invalid': '链接指定的会议室名称无效。',
  'links.invalid.name-invalid': '链接建议的显示名称无效。',
};
