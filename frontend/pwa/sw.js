// The app's service worker: the last release's shell and the last answer of
// every read, for when the network is gone. Served by PostgREST at
// /rpc/serve_js?p_asset_name=sw.js, so its default scope /rpc/ covers the
// page at /rpc/serve_html (and the page's requests to /tasks etc. come here
// too: a controlled page's fetches all do).
//
// Network first for everything: online, every load gets what the database
// serves now, so a publish or a rollback takes effect on the next load as
// it does without a worker. The caches only answer when the network fails.
'use strict';

// A release's shell cache is named after the assets its index.html
// references (content-hashed names), so a publish makes a new one and the
// old one is deleted once the new one is complete.
const SHELL = 'ctt-shell-';
// The signed-in member's last answer per read URL, in a cache of the
// session's own (named after a digest of its token), so no other session
// on this device ever reads it, even one that a late write outlived. The
// app deletes them all on sign-out; storing for one session deletes the
// others' (also one a late write recreated after a sign-out).
const API = 'ctt-api-';
// Tells the app an answer came from the cache, i.e. it is offline.
const OFFLINE_HEADER = 'X-CTT-Offline';
const PAGE = new URL('serve_html', self.location).href;
const ASSET_PATH = /\/rpc\/serve_(?:html|js|wasm|css|asset)$/;
const ASSET_REF = /serve_(?:js|wasm|css|asset)\?p_asset_name=[A-Za-z0-9][A-Za-z0-9._-]*/g;
// Downloads (large, and fetched on demand only), the health probe the app
// uses to notice the network is back, and the calendar feed (phones read
// it without the app) are never answered from a cache.
const NEVER_CACHED = /\/rpc\/(?:ping|export_history|export_points|calendar_feed)$/;
const MATCH = { ignoreVary: true };

// A short stable name for a release's asset list (FNV-1a).
function releaseName(refs) {
  let hash = 0x811c9dc5;
  for (const ch of refs.join(' ')) {
    hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return SHELL + hash.toString(16);
}

// Caches the release a freshly served page belongs to: the page and every
// asset it references (the manifest, icons and this worker are referenced
// too, so the uploader publishes and prune keeps them). Older releases'
// shells go once this one is complete.
async function adopt(page) {
  const html = await page.clone().text();
  const refs = [...new Set(html.match(ASSET_REF) || [])].sort();
  const name = releaseName(refs);
  const complete = await caches.has(name);
  const cache = await caches.open(name);
  if (!complete) {
    const stored = await Promise.all(refs.map(async (ref) => {
      const url = new URL(ref, PAGE).href;
      try {
        // Hashed assets come from the HTTP cache; the rest revalidate.
        const reply = await fetch(url);
        if (reply.ok) {
          await cache.put(url, reply);
          return true;
        }
      } catch (_) { /* offline again: this release stays incomplete */ }
      return false;
    }));
    if (stored.includes(false)) {
      await caches.delete(name);
      return;
    }
  }
  await cache.put(PAGE, page);
  for (const key of await caches.keys()) {
    if (key.startsWith(SHELL) && key !== name) {
      await caches.delete(key);
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    try {
      const page = await fetch(PAGE, { cache: 'no-cache' });
      if (page.ok) {
        await adopt(page);
      }
    } catch (_) { /* installed offline: the next online load caches the shell */ }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Caches of an older layout of this worker.
    for (const key of await caches.keys()) {
      if (!key.startsWith(SHELL) && !key.startsWith(API)) {
        await caches.delete(key);
      }
    }
    // The page that registered the worker is controlled at once, so its
    // reads are kept from the first load on.
    await self.clients.claim();
  })());
});

// An answer from the cache, marked as such for the app.
function offline(cached) {
  const headers = new Headers(cached.headers);
  headers.set(OFFLINE_HEADER, '1');
  return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
}

// The network's answer (null without a connection), and whether it says
// the server is down: a proxy's 502-504 (nginx in front of a stopped
// PostgREST) is answered from the cache like no connection, if it can be.
async function fromNetwork(event, keep) {
  let reply;
  try {
    reply = await fetch(event.request);
  } catch (_) {
    return { reply: null, down: true };
  }
  if (reply.status >= 502 && reply.status <= 504) {
    return { reply, down: true };
  }
  if (keep) {
    event.waitUntil(keep(reply.clone()).catch(() => {}));
  }
  return { reply, down: false };
}

async function page(event) {
  const isPage = new URL(event.request.url).pathname.endsWith('/rpc/serve_html');
  const { reply, down } = await fromNetwork(event, (copy) => (isPage && copy.ok ? adopt(copy) : Promise.resolve()));
  if (!down) {
    return reply;
  }
  const cached = (await caches.match(event.request, MATCH)) || (isPage && (await caches.match(PAGE, MATCH)));
  return cached ? offline(cached) : reply || Response.error();
}

async function asset(event) {
  const { reply, down } = await fromNetwork(event, null);
  if (!down) {
    return reply;
  }
  const cached = await caches.match(event.request, MATCH);
  return cached ? offline(cached) : reply || Response.error();
}

async function sessionCache(request) {
  const auth = request.headers.get('Authorization');
  if (!auth) {
    return null;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(auth)));
  return API + Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function keep(name, url, copy) {
  await (await caches.open(name)).put(url, copy);
  for (const key of await caches.keys()) {
    if (key.startsWith(API) && key !== name) {
      await caches.delete(key);
    }
  }
}

async function read(event) {
  const request = event.request;
  // Only the signed-in member's reads are kept (anonymous ones hold
  // nothing worth keeping), keyed by URL alone within the session's cache.
  const name = await sessionCache(request);
  const { reply, down } = await fromNetwork(event, (copy) => (name && copy.status === 200
    ? keep(name, request.url, copy)
    : Promise.resolve()));
  if (!down) {
    return reply;
  }
  const cached = name && (await caches.has(name)) && (await (await caches.open(name)).match(request.url, MATCH));
  return cached ? offline(cached) : reply || Response.error();
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Writes always go to the network, and are never kept.
  if (request.method !== 'GET' || url.origin !== self.location.origin || NEVER_CACHED.test(url.pathname)) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(page(event));
  } else if (ASSET_PATH.test(url.pathname)) {
    event.respondWith(asset(event));
  } else {
    event.respondWith(read(event));
  }
});
