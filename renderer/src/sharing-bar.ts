/** Entry of the sharing bar window's page (Electron; renderer/sharing-bar.html), with its own narrow preload bridge. */
import { mount } from 'svelte';
import { SHARING_BAR_GLOBAL, type SharingBarBridge } from '../../common/sharing-bar-api';
import SharingBarWindow from './features/screen-share/SharingBarWindow.svelte';
import './styles/global.css';

declare global {
  interface Window {
    [SHARING_BAR_GLOBAL]?: SharingBarBridge;
  }
}

const target = document.getElementById('sharing-bar');
const bar = window[SHARING_BAR_GLOBAL];
// Opened anywhere but in the bar's own window (e.g. typed into the web host's address bar), it has nothing to control.
if (target && bar) mount(SharingBarWindow, { target, props: { bar } });
