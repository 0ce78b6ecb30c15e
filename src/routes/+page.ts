// Prerendered: this HTML is the app shell the service worker serves for every navigation.
export const prerender = true;
