// router.ts: client-side routes in the address bar (/login, /live, /playback, /requests,
// /approvals, /users, /privacy, /registry, /filings, /compliance); custos serves
// index.html for each of them. A page is a function that fills the main element and
// returns a cleanup (closing WebSockets, timers) run when the user leaves it.

export type Cleanup = () => void;
export type Page = (main: HTMLElement, params: URLSearchParams) => Cleanup | Promise<Cleanup>;

const pages = new Map<string, Page>();
let render: (path: string, params: URLSearchParams) => void = () => {};

export function definePage(path: string, page: Page): void {
  pages.set(path, page);
}

export function pageFor(path: string): Page | undefined {
  return pages.get(path);
}

export function onNavigate(fn: (path: string, params: URLSearchParams) => void): void {
  render = fn;
  window.addEventListener("popstate", () => fn(location.pathname, new URLSearchParams(location.search)));
}

export function navigate(path: string, query = "", replace = false): void {
  const url = path + (query ? "?" + query : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render(path, new URLSearchParams(query));
}

// Keeps the page's state in the address bar without re-rendering (bookmarkable views).
export function setQuery(params: URLSearchParams): void {
  const query = params.toString();
  history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
}
