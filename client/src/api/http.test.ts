import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, http, setUnauthorizedHandler, toQuery } from './http';

function respond(status: number, body: unknown) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body === null ? null : JSON.stringify(body), { status })));
}

describe('http', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthorizedHandler(null);
  });

  it('when the server answers with the error shape, then it becomes an ApiError with code, message and fields', async () => {
    respond(400, { error: { code: 'invalid_input', message: 'Bad', fields: { description: 'required' } } });
    const error = await http.post('/api/requests', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', message: 'Bad', fields: { description: 'required' } });
  });

  it('when the answer is not JSON, then the error still carries the status', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(http.get('/api/x')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('when a 204 has no body, then it resolves to null', async () => {
    respond(204, null);
    await expect(http.post('/api/auth/logout')).resolves.toBeNull();
  });

  it('when the session has expired on an API call, then the unauthorized handler runs, but not for the login itself', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    respond(401, { error: { code: 'unauthorized', message: 'no' } });
    await http.get('/api/requests').catch(() => undefined);
    await http.post('/api/auth/login', {}).catch(() => undefined);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('when query values are empty, then they are left out', () => {
    expect(toQuery({ q: 'вода', status: '', overdue: true, page: 2, topic: undefined })).toBe('?q=%D0%B2%D0%BE%D0%B4%D0%B0&overdue=true&page=2');
  });
});
