/** The few parts of Swagger UI's plugin system the plugin below uses. */
interface ResponseBodyProps extends Record<string, unknown> {
  content?: unknown;
  contentType?: string;
}
type Element = unknown;
interface SwaggerUiSystem {
  React: { createElement(type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): Element };
}

/**
 * A Swagger UI plugin: an SVG answer to "Try it out" (the timeline) is shown
 * as a picture. Swagger UI 5 draws other image/* answers in an <img> but
 * prints an SVG's source as text, as a guard against scripts inside SVG;
 * an <img> runs no script either, and the content security policy already
 * lets pages show data: images.
 *
 * It runs in the browser: @nestjs/swagger writes its source into Swagger
 * UI's init script, so it uses nothing from outside its own body.
 */
export function svgResponsesAsImages() {
  return {
    wrapComponents: {
      responseBody: (Original: unknown, system: SwaggerUiSystem) => (props: ResponseBodyProps) => {
        const h = system.React.createElement;
        const svg = /^image\/svg\+xml\b/i.test(props.contentType ?? '') && typeof props.content === 'string';
        if (!svg) return h(Original, props as Record<string, unknown>);
        const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(props.content as string)}`;
        return h('div', null, h('h5', null, 'Response body'), h('img', { src, alt: 'The SVG answer', className: 'svg-response', style: { maxWidth: '100%', background: '#fff' } }));
      },
    },
  };
}
