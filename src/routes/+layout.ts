// The app renders in the browser from the device database, so any URL works offline from the
// service worker's cached shell. Server-rendered public pages opt back in with ssr = true.
export const ssr = false;
