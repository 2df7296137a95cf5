import { mount } from 'svelte';
import App from './App.svelte';
import { meetingLinks } from './features/links/meeting-links.svelte';
import { reportCallState } from './features/desktop/report-call-state.svelte';
import { startKioskIfConfigured } from './features/kiosk/start-kiosk';
import { app } from './state/app.svelte';
import './styles/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

function startApp(target: HTMLElement): void {
  mount(App, { target });
  app
    .start()
    .then(async () => {
      // A link that cannot be handled must not look like a host that failed to load.
      reportCallState();
      await meetingLinks.start().catch((error: unknown) => console.error('Licode Desktop could not open the meeting link', error));
    })
    .catch((error: unknown) => {
      console.error('Licode Desktop could not load its settings', error);
      app.go({ name: 'no-host' });
    });
}

// A meeting-room kiosk (started with --kiosk) shows the room display instead of the app's screens.
startKioskIfConfigured(target)
  .then((isKiosk) => {
    if (!isKiosk) startApp(target);
  })
  .catch((error: unknown) => {
    console.error('Licode Desktop could not start the kiosk', error);
    startApp(target);
  });
