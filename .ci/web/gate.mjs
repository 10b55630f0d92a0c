#!/usr/bin/env node
// The output quality gate: serves built sites the way a static host does
// (gzip, cache headers, the 404 page) and checks them with the W3C Nu HTML
// checker (every page, zero errors), axe-core in Chromium (every page, WCAG
// 2.2 AA and best practices, zero violations) and Lighthouse in its mobile
// default (chosen pages: accessibility, best practices and SEO 100,
// performance at least 95).
//
//   node gate.mjs [--expect-fail] [noindex:]DIR[=PATH,PATH...] ...
//
// Lighthouse audits the PATHs given after a DIR (none: no Lighthouse run
// for that site). A DIR marked noindex: is a site no search engine may
// index (the team workspace): every page must say noindex in its robots
// meta tag and robots.txt must disallow everything, and Lighthouse leaves
// out its SEO category, which scores crawlability. With --expect-fail
// the exit status is inverted: the gate must find problems (proof that it
// can fail). Chromium is Debian's: $CHROME_PATH or /usr/bin/chromium.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-quic', '--disable-component-update', '--disable-sync'];
// WCAG 2.2 AA and the best-practice rules.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const LH_MIN = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };

const args = process.argv.slice(2);
const expectFail = args.includes('--expect-fail');
const sites = args.filter(a => !a.startsWith('--')).map(a => {
  const noindex = a.startsWith('noindex:');
  const [dir, paths] = (noindex ? a.slice('noindex:'.length) : a).split('=');
  return { dir: resolve(dir), noindex, lighthouse: paths ? paths.split(',').filter(Boolean) : [] };
});
if (!sites.length) {
  console.error('usage: node gate.mjs [--expect-fail] DIR[=PATH,PATH...] ...');
  process.exit(2);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon', '.pdf': 'application/pdf',
};

// serve answers like a static host: pretty URLs, gzip for text, long cache
// for assets, revalidation for pages, the site's 404.html.
function serve(dir) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.split('/').includes('..')) { res.writeHead(400).end(); return; }
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    let status = 200;
    if (!existsSync(file)) { file = join(dir, '404.html'); status = 404; }
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    const type = TYPES[extname(file)] || 'application/octet-stream';
    let body = readFileSync(file);
    const headers = {
      'Content-Type': type,
      'Cache-Control': type.startsWith('text/html') ? 'public, max-age=0, must-revalidate' : 'public, max-age=31536000',
      'X-Content-Type-Options': 'nosniff',
    };
    if (/^(text|application\/(json|xml)|image\/svg)/.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(status, headers).end(body);
  });
  return new Promise(ok => server.listen(0, '127.0.0.1', () => ok(server)));
}

function htmlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

function urlPath(dir, file) {
  const rel = relative(dir, file).split('\\').join('/');
  return '/' + (rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel);
}

// vnu runs the W3C Nu HTML checker over dir and returns its errors.
function vnu(dir) {
  const jar = join(require.resolve('vnu-jar/package.json'), '..', 'build', 'dist', 'vnu.jar');
  let out;
  try {
    execFileSync('java', ['-Xss1024k', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', dir], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
    return [];
  } catch (e) {
    out = String(e.stderr);
  }
  const msgs = JSON.parse(out).messages || [];
  return msgs.filter(m => m.type === 'error' || m.type === 'non-document-error')
    .map(m => `${relative(dir, (m.url || '').replace(/^file:/, ''))}:${m.lastLine || 0}: ${m.message}`);
}

async function axeAll(base, paths) {
  const { chromium } = require('playwright-core');
  const axe = require('axe-core');
  const profile = mkdtempSync(join(tmpdir(), 'gate-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROME, headless: true, args: FLAGS.slice(1) });
  const page = ctx.pages()[0] || await ctx.newPage();
  const problems = [];
  try {
    for (const p of paths) {
      await page.goto(base + p, { waitUntil: 'load' });
      await page.evaluate(axe.source);
      const res = await page.evaluate(tags => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
      for (const v of res.violations) {
        problems.push(`${p}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`);
      }
    }
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return problems;
}

// unindexed checks that a site meant for no search engine says so: a
// noindex robots meta tag in every page and a robots.txt that disallows
// everything.
function unindexed(dir, files) {
  const problems = files.filter(f => !/<meta name="?robots"? content="?noindex/.test(readFileSync(f, 'utf8')))
    .map(f => `${relative(dir, f)}: no noindex robots meta tag`);
  const robots = join(dir, 'robots.txt');
  if (!existsSync(robots) || !/^Disallow: \/$/m.test(readFileSync(robots, 'utf8'))) problems.push('robots.txt does not disallow everything');
  return problems;
}

async function lighthouseAll(base, paths, noindex) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const min = { ...LH_MIN };
  if (noindex) delete min.seo;
  const problems = [];
  for (const p of paths) {
    const profile = mkdtempSync(join(tmpdir(), 'gate-lh-'));
    const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS, userDataDir: profile, logLevel: 'silent' });
    try {
      const result = await lighthouse(base + p, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(min) });
      const lhr = result.lhr;
      const scores = Object.fromEntries(Object.keys(min).map(c => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
      console.log(`lighthouse ${p}: perf=${scores.performance} a11y=${scores.accessibility} bp=${scores['best-practices']}` + (noindex ? ' (noindex: no SEO score)' : ` seo=${scores.seo}`));
      for (const [c, least] of Object.entries(min)) {
        if (scores[c] >= least) continue;
        const failing = lhr.categories[c].auditRefs.map(r => lhr.audits[r.id])
          .filter(a => a.score !== null && a.score < 1 && !['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode))
          .map(a => a.id);
        problems.push(`${p}: lighthouse ${c} ${scores[c]} < ${least} (${failing.join(', ')})`);
      }
    } finally {
      await chrome.kill();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return problems;
}

let problems = [];
for (const { dir, noindex, lighthouse } of sites) {
  const files = htmlFiles(dir);
  const paths = files.map(f => urlPath(dir, f));
  const server = await serve(dir);
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const v = vnu(dir);
    console.log(`vnu ${dir}: ${v.length} errors in ${files.length} pages`);
    const a = await axeAll(base, paths);
    console.log(`axe ${dir}: ${a.length} violations in ${paths.length} pages`);
    problems.push(...v.map(s => 'vnu ' + s), ...a.map(s => 'axe ' + s));
    if (noindex) {
      const n = unindexed(dir, files);
      console.log(`noindex ${dir}: ${n.length} problems in ${files.length} pages`);
      problems.push(...n.map(s => 'noindex ' + s));
    }
    if (lighthouse.length) problems.push(...await lighthouseAll(base, lighthouse, noindex));
  } finally {
    server.close();
  }
}
for (const p of problems) console.log('  ' + p);
if (expectFail) {
  console.log(problems.length ? `gate: failed as it should (${problems.length} problems)` : 'gate: found no problem in a site built to have some');
  process.exit(problems.length ? 0 : 1);
}
console.log(problems.length ? `gate: FAIL (${problems.length} problems)` : 'gate: PASS');
process.exit(problems.length ? 1 : 0);
