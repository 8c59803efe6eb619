// Exercise 01 in another valid style: the head is collected as text and read line by line (it is
// over at the first empty line), header names are lowercase and in another order, the head and the
// page go out in two writes, and the page leaves out the html, head and body tags, as HTML allows.
import net from 'node:net';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// A whole HTML document: the parser supplies <html>, <head> and <body> itself.
const PAGE = `<!DOCTYPE html>
<meta charset="utf-8">
<title>netkata — line by line</title>
<p>Hello! This page was written by hand — and read line by line.
`;

const MAX_HEAD_CHARS = 32 * 1024;

/** The lines of the head once its empty line has come; undefined while it is still coming. */
function headLines(text: string): string[] | undefined {
  const lines = text.split('\r\n');
  // The last piece has no line end yet: an empty one there is not the empty line.
  const blank = lines.indexOf('');
  return blank !== -1 && blank < lines.length - 1 ? lines.slice(0, blank) : undefined;
}

net
  .createServer((socket) => {
    console.log('connection from %s port %d', socket.remoteAddress, socket.remotePort);
    let text = '';
    socket.setEncoding('latin1'); // one character per byte: the head is ASCII, the rest is kept as is
    socket.on('data', function onData(chunk: string) {
      text += chunk;
      const lines = headLines(text);
      if (!lines) {
        if (text.length > MAX_HEAD_CHARS) socket.destroy();
        return;
      }
      socket.off('data', onData);
      for (const line of lines) console.log(`> ${line}`);
      const body = Buffer.from(PAGE, 'utf8');
      socket.write(
        [`HTTP/1.1 200 OK`, `content-length: ${body.byteLength}`, 'connection: close', 'content-type: text/html;charset=utf-8', '', ''].join('\r\n'),
        'latin1',
      );
      socket.end(body);
    });
    socket.on('error', (error) => console.error('connection error:', error.message));
  })
  .listen(PORT, HOST, () => console.log(`Open your browser at http://${HOST}:${PORT}/`));
