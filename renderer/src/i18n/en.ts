import { callEn } from './call.en';
import { settingsEn } from './settings.en';
import { blurEn } from './blur.en';
import { shareEn } from './share.en';
import { presenterEn } from './presenter.en';
import { linksEn } from './links.en';
import { logsEn } from './logs.en';
import { desktopEn } from './desktop.en';
import { inviteEn } from './invite.en';
import { kioskEn } from './kiosk.en';
import { reactionsEn } from './reactions.en';
import { mediaHealthEn } from './media-health.en';
import { layoutEn } from './layout.en';
import { recordingEn } from './recording.en';
import { devicesEn } from './devices.en';

/** English message catalogue: the source of truth for message keys. `{name}` marks a parameter. */
export const en = {
  'app.name': 'Licode Desktop',
  'app.loading': 'Starting Licode Desktop…',
  'app.loadFailed': 'Part of Licode Desktop could not be loaded. Restart the app; if it keeps happening, reinstall it.',
  'app.noHost.title': 'Licode Desktop is not connected to its host',
  'app.noHost.body': 'Open this page through "npm start" or "npm run web" so the app can store settings and request tokens.',
  'app.skipToContent': 'Skip to main content',

  'language.label': 'Language',
  'language.en': 'English',
  'language.zh-CN': '简体中文',

  'notice.reset-corrupt': 'Your settings file was damaged, so Licode Desktop started with default settings. The old file was kept as {file}.',
  'notice.reset-invalid':
    'Your settings file could not be read by this version, so Licode Desktop started with default settings. The old file was kept as {file}.',
  'notice.migrated': 'Your settings were updated from an older version of Licode Desktop.',
  'notice.entries-dropped':
    'Some entries in your settings file could not be read and were left out ({count} in all); the rest of your settings were kept. The original file was kept as {file}.',
  'notice.entries-dropped-in-place':
    'Some entries in your settings file could not be read and are not used ({count} in all); the rest of your settings were kept. The file was left as it is.',
  'notice.newer-version':
    'Your settings file {file} was written by a newer version of Licode Desktop (settings version {version}). This version uses the settings it understands; if you change a setting, the newer file is kept as a backup next to it.',
  'notice.unreadable.not-a-file':
    'Licode Desktop could not read your settings because {file} is not a regular file, so it started with default settings. The file was left alone; if you change a setting, it is moved aside and kept.',
  'notice.unreadable.too-large':
    'Licode Desktop could not read your settings because {file} is larger than 1 MB, so it started with default settings. The file was left alone; if you change a setting, it is moved aside and kept.',
  'notice.unreadable.no-access':
    'Licode Desktop may not read your settings file {file} (permission denied), so it started with default settings. The file was left alone; if you change a setting, it is moved aside and kept.',
  'notice.unreadable.read-failed':
    'Licode Desktop could not open your settings file {file}, so it started with default settings. The file was left alone; if you change a setting, it is moved aside and kept.',
  'notice.unreadable.damaged':
    'Your settings file {file} is damaged and could not be moved aside (is the folder read-only?), so Licode Desktop started with default settings and left the file as it is.',
  'notice.dismiss': 'Dismiss',

  'firstRun.eyebrow': 'Welcome',
  'firstRun.title': 'Meet on your own Licode server',
  'firstRun.lead': 'Licode Desktop connects to any Licode WebRTC server. Add the server you want to use to get started.',
  'firstRun.feature.private': 'Your media goes only to the server you choose',
  'firstRun.feature.hd': 'HD video, screen sharing and chat',
  'firstRun.feature.versions': 'Works with old and new Licode versions',
  'firstRun.formTitle': 'Add a Licode server',
  'firstRun.formHint': 'You can add more servers later.',

  'server.name': 'Name',
  'server.name.hint': 'How this server appears in the app, e.g. "Team server".',
  'server.url': 'Server URL',
  'server.url.hint': 'The address of the Licode token server (the basic example server), e.g. https://licode.example.com:3004.',
  'server.generation': 'Licode version',
  'server.generation.auto': 'Detect automatically',
  'server.generation.A0': 'Licode v3 and older',
  'server.generation.A': 'Licode v4–v6',
  'server.generation.B': 'Licode v7–v8',
  'server.generation.C1C2': 'Licode v9–v10',
  'server.generation.C': 'Current Licode (v11 and later)',
  'server.defaultRole': 'Default role',
  'server.defaultRole.hint': 'Presenters send and receive; viewers only watch and listen.',
  'server.role.presenter': 'Presenter',
  'server.role.viewer': 'Viewer',
  'server.role.viewerWithData': 'Viewer with chat',
  'server.allowSelfSigned': 'Allow a self-signed certificate',
  'server.allowSelfSigned.hint': 'Only for test servers you control. It turns off certificate checks for this server.',
  'server.save': 'Test and save',
  'server.saveAnyway': 'Save without testing',
  'server.cancel': 'Cancel',
  'server.testing': 'Testing connection to the server…',
  'server.testCancelled': 'Test cancelled. Your entries are kept.',
  'server.saving': 'Saving…',
  'server.testOk': 'Connected: the server issued a Licode token for {host}.',
  'server.saved': 'Server "{name}" saved.',

  'validation.name-required': 'Enter a name for this server.',
  'validation.name-too-long': 'Use at most 80 characters.',
  'validation.server-url-required': 'Enter the server URL.',
  'validation.server-url-invalid': 'Enter a full http:// or https:// address, for example https://licode.example.com:3004.',
  'validation.server-url-extra-parts': 'Leave out user names, passwords, "?" queries and "#" fragments.',
  'validation.server-url-link-local': 'This is a link-local address (169.254.x.x, fe80::), where no Licode server runs. Use the address of your Licode server.',
  'validation.server-url-too-long': 'This address is too long.',
  'validation.room-required': 'Enter a room name.',
  'validation.room-too-long': 'Use at most 128 characters.',
  'validation.room-invalid-characters': 'Room names cannot contain invisible control or text-direction characters. Type the name again instead of pasting it.',
  'validation.display-name-too-long': 'Use at most 64 characters.',
  'validation.display-name-required': 'Enter the name others will see.',
  'validation.generic': 'This value is not valid.',

  'error.token-unreachable': 'The server could not be reached. Check the address and your network, and that the server is running.',
  'error.token-timeout': 'The server did not answer in time. It may be overloaded or the address may be wrong.',
  'error.token-refused': 'The server refused to issue a token (HTTP {status}). It may have no media controller available, or it does not allow this role.',
  'error.token-not-licode': 'This address answered, but it is not a Licode token server. Check that the URL points at the Licode basic example server.',
  'error.token-malformed': 'The server sent a token that could not be read. It may not be a Licode server.',
  'error.token-insecure':
    'The token server uses https, but the meeting connection it hands out is unencrypted. The app refuses this downgrade; ask the server administrator to enable SSL on the Licode controller.',
  'error.token-tls': 'The server’s certificate is not trusted. For a test server, turn on "Allow a self-signed certificate".',
  'error.cancelled': 'The test was cancelled.',
  'error.config-write-failed': 'Your settings could not be saved. Check that the disk is not full or read-only.',
  'error.not-found': 'That server no longer exists. It may have been removed.',
  'error.invalid-arguments': 'Some values were not accepted. Please check the form.',
  'error.forbidden-sender': 'This window is not allowed to use Licode Desktop.',
  'error.unknown-channel': 'This version of Licode Desktop does not support that action.',
  'error.unavailable': 'That is not possible right now.',
  'error.internal': 'Something went wrong in Licode Desktop. Please try again.',
  /** Before the technical explanation of an error, which stays English in every language (logs and support read it). */
  'error.detailsLabel': 'Details:',

  'home.servers': 'Servers',
  'home.addServer': 'Add server',
  'home.editServer': 'Edit {name}',
  'home.removeServer': 'Remove {name}',
  'home.removeConfirm': 'Remove "{name}"? Its recent rooms are removed too.',
  'home.removeConfirmYes': 'Remove',
  'home.removed': 'Server "{name}" removed.',
  'home.selectServer': 'Use {name}',
  'home.joinTitle': 'Join a meeting',
  'home.joinLead': 'Enter a room name on {server}. Everyone who joins the same room meets together.',
  'home.room': 'Room name',
  'home.room.hint': 'Letters, numbers and spaces. On older Licode servers room names may need to be numbers.',
  'home.continue': 'Continue',
  'home.recentRooms': 'Recent rooms',
  'home.noRecentRooms': 'Rooms you join will appear here.',
  'home.joinRecent': 'Join {room}',
  'home.lastJoined': 'Last joined {when}',
  'home.role': 'Role: {role}',
  'home.demo.title': 'New here? Try the demo room',
  'home.demo.body':
    'A Licode-compatible test room running on this computer, with two synthetic participants that send moving test video and sound. Nothing leaves your computer: try your camera, microphone, chat and screen sharing before a real meeting.',
  'home.demo.try': 'Try the demo room',

  'prejoin.title': 'Get ready to join',
  'prejoin.subtitle': 'Room {room} on {server}',
  'prejoin.here.checking': 'Checking who is in the meeting…',
  'prejoin.here.nobody': 'Nobody else is here yet.',
  'prejoin.here.unavailable': 'Could not check who is in the meeting. Joining will try again.',
  'prejoin.here.one': '{name} is in the meeting',
  'prejoin.here.two': '{first} and {second} are in the meeting',
  'prejoin.here.many': '{first}, {second} and {count} more are in the meeting',
  'prejoin.back': 'Back',
  'prejoin.preview': 'Camera preview',
  'prejoin.cameraOff': 'Your camera is off',
  'prejoin.cameraStarting': 'Starting camera…',
  'prejoin.displayName': 'Your name',
  'prejoin.displayName.hint': 'Shown to others in the meeting.',
  'prejoin.noDevices': 'No device found',
  'prejoin.turnCameraOff': 'Turn camera off',
  'prejoin.turnCameraOn': 'Turn camera on',
  'prejoin.turnMicOff': 'Mute microphone',
  'prejoin.turnMicOn': 'Unmute microphone',
  'prejoin.micLevel': 'Microphone level',
  'prejoin.testSpeaker': 'Play test sound',
  'prejoin.testingSpeaker': 'Playing…',
  'prejoin.speakerNotSupported': 'This system does not let the app choose a speaker; the default one is used.',
  'prejoin.join': 'Join now',
  'prejoin.joining': 'Joining…',
  'prejoin.retry': 'Try again',
  'prejoin.media.denied': 'Licode Desktop is not allowed to use your {device}. Allow access in your system or browser settings, then try again.',
  'prejoin.media.notFound': 'No {device} was found. Connect one, or join with it turned off.',
  'prejoin.media.busy': 'Your {device} is being used by another application. Close that application, then try again.',
  'prejoin.media.other': 'Your {device} could not be started ({details}).',
  'prejoin.device.camera': 'camera',
  'prejoin.device.microphone': 'microphone',

  ...callEn,
  ...settingsEn,
  ...shareEn,
  ...presenterEn,
  ...linksEn,
  ...logsEn,
  ...desktopEn,
  ...inviteEn,
  ...kioskEn,
  ...reactionsEn,
  ...mediaHealthEn,
  ...layoutEn,
  ...recordingEn,
  ...blurEn,
  ...devicesEn,
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
