/**
 * @jest-environment jsdom
 */
import { fireEvent, screen } from '@testing-library/preact';
import { openPanel, RELAY_URL, settle } from '../support/panel-harness';

const generateButton = () => screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement;

describe('a relay that is not answering', () => {
  it('is called that, with its address and how to start it, not a missing token', async () => {
    const { started } = await openPanel({ relay: { reachable: false, serverToken: false } });
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a fox' } });
    await settle();
    const text = document.body.textContent ?? '';
    expect(text).toContain(`The relay at ${RELAY_URL} is not answering.`);
    expect(text).toContain('npm run relay');
    expect(text).toContain('npm start');
    expect(text).not.toMatch(/Add your Replicate API token/);
    expect(generateButton().disabled).toBe(true);
    fireEvent.keyDown(screen.getByLabelText('Prompt'), { key: 'Enter', ctrlKey: true });
    await settle();
    expect(started).toHaveLength(0);
  });

  it('is asked again on Generate, and a relay started meanwhile is used', async () => {
    const { relay, started, model } = await openPanel({ token: 'r8_mine', relay: { reachable: false, serverToken: false } });
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a fox' } });
    relay.reachable = true;
    await model.generate();
    await settle();
    expect(started).toHaveLength(1);
    expect(document.body.textContent).not.toContain('is not answering');
  });

  it('with no token anywhere, asks for one', async () => {
    await openPanel({ relay: { reachable: true, serverToken: false } });
    expect(document.body.textContent).toContain('Add your Replicate API token in Settings first');
    expect(generateButton().disabled).toBe(true);
  });
});

describe('a relay holding its own token', () => {
  it("Settings say the relay's token is in use, and the typed one is not sent", async () => {
    const { accessOptions } = await openPanel({ token: 'r8_typed_here', relay: { serverToken: true } });
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await settle();
    const settings = screen.getByRole('form', { name: 'Settings' });
    expect(settings.textContent).toContain(`The relay at ${RELAY_URL} has its own Replicate token`);
    expect(settings.textContent).toMatch(/not needed, and not sent/);
    expect(screen.getByLabelText('Replicate API token').getAttribute('aria-describedby')).toContain('settings-relay-token');
    expect(accessOptions.at(-1)?.token).toBe('');
  });

  it('a relay without one gets the typed token', async () => {
    const { accessOptions } = await openPanel({ token: 'r8_typed_here', relay: { serverToken: false } });
    expect(accessOptions.at(-1)?.token).toBe('r8_typed_here');
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await settle();
    expect(document.body.textContent).not.toContain('has its own Replicate token');
  });
});
