import { render } from 'preact';
import { App } from './panel/App';
import { connectToPlugin } from './plugin-channel';
import { createPanelModel } from './state/panel-model';
import { batchRenders } from './render-batching';
import './styles.css';

batchRenders();
const plugin = connectToPlugin();
const model = createPanelModel(plugin);
render(<App model={model} />, document.getElementById('app')!);
plugin.emit('ready', {});
