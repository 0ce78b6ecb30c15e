// Public record verification (/verify/…) is rendered on the server, unlike the app shell
// (ssr = false in the root layout), and sent without any script: the answer, or the 400 page
// for a malformed address, is plain HTML readable on any phone that scanned the QR code.
// Set here rather than in the page so that the route's +error.svelte is server-rendered too.
export const ssr = true;
export const csr = false;
