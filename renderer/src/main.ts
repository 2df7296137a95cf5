import { mount } from 'svelte';
import App from './App.svelte';
import { app } from './state/app.svelte';
import './styles/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });

app.start().catch((error: unknown) => {
  console.error('Licode Desktop could not load its settings', error);
  app.go({ name: 'no-host' });
});
