// The feedback point's public page (/y/<token>, docs/feedback-point.md) is rendered on the server
// with none of the app's script (ssr = false in the root layout): a citizen on 3G loads a few
// kilobytes of HTML and CSS, plus the small standalone static/y/point.js that keeps an answer
// given offline and sends it later. Set here so that the route's +error.svelte is server-rendered too.
export const ssr = true;
export const csr = false;
