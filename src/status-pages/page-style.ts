/** The public page's whole stylesheet, inline: one request, no JavaScript, light or dark as the visitor prefers. */
export const pageStyle = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--text:#1b1f24;--muted:#5b6470;--line:#e3e6ea;
--up:#1f9d55;--degraded:#d69e2e;--down:#d64545;--none:#c9ced6;--maint:#3b82f6;--paused:#8a94a3}
@media (prefers-color-scheme:dark){:root{--bg:#0f1216;--card:#171b21;--text:#e6e9ee;--muted:#9aa4b2;
--line:#2a3039;--none:#3a414c}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.wrap{max-width:860px;margin:0 auto;padding:24px 16px 48px}
header{display:flex;align-items:center;gap:12px;margin-bottom:24px}
header img{max-height:40px;max-width:160px}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.05rem;margin:0 0 12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;margin-bottom:20px}
.overall{display:flex;justify-content:space-between;flex-wrap:wrap;gap:8px;align-items:center;color:#fff;
border:0;font-weight:600}
.overall small{font-weight:400;opacity:.9}
.s-operational{background:var(--up)}.s-partial_outage{background:var(--degraded)}
.s-major_outage{background:var(--down)}.s-maintenance{background:var(--maint)}
ul{list-style:none;margin:0;padding:0}
.monitor{padding:12px 0;border-top:1px solid var(--line)}
.monitor:first-child{border-top:0;padding-top:0}
.row{display:flex;justify-content:space-between;gap:12px;align-items:baseline}
.name{font-weight:500;overflow-wrap:anywhere}
.state{font-size:.875rem;white-space:nowrap}
.m-up{color:var(--up)}.m-degraded{color:var(--degraded)}.m-down{color:var(--down)}
.m-maintenance{color:var(--maint)}.m-paused,.m-pending{color:var(--paused)}
.bars{display:flex;gap:2px;height:32px;margin:8px 0 4px}
.bar{flex:1 1 0;min-width:0;border-radius:2px;background:var(--none)}
.b-up{background:var(--up)}.b-degraded{background:var(--degraded)}.b-down{background:var(--down)}
.legend{display:flex;justify-content:space-between;color:var(--muted);font-size:.8rem}
.short{display:none}
@media (max-width:600px){.bars .bar:nth-last-child(n+31){display:none}.long{display:none}.short{display:inline}}
.incident{border-top:1px solid var(--line);padding:12px 0}
.incident:first-of-type{border-top:0;padding-top:0}
.incident h3{font-size:1rem;margin:0 0 6px}
.update{margin:6px 0 0;padding-left:12px;border-left:3px solid var(--line)}
.update p{margin:2px 0;white-space:pre-line;overflow-wrap:anywhere}
.meta{color:var(--muted);font-size:.8rem}
.tag{font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.i-investigating,.i-identified{color:var(--down)}.i-monitoring{color:var(--degraded)}.i-resolved{color:var(--up)}
footer{color:var(--muted);font-size:.85rem;text-align:center}
footer a{color:inherit}
`;
