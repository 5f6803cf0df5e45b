/** The full-page chat and a demo site page; the line id is the only thing written into them. */
export function chatPage(base: string, lineId: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Chat</title></head><body style="margin:0;height:100vh">
<div id="ol-chat" data-line="${lineId}" data-base="${base}" style="height:100%"></div>
<script src="${base}/widget.js"></script></body></html>`
}

export function demoPage(base: string, lineId: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Demo shop</title></head><body style="font-family:sans-serif;margin:2rem">
<h1>Demo shop</h1><p>A page of any website. The chat button is put here by one script tag.</p>
<script src="${base}/loader.js" data-line="${lineId}" async></script></body></html>`
}
