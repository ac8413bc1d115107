import { startController } from './controller';
import { suggestQuickActionParameters } from './quick-action-suggestions';

// Figma fires 'run' on every launch: from a menu (no parameters), or once a quick action's
// parameters are entered in the command palette, which asks for suggestions meanwhile.
figma.parameters.on('input', (event) => void suggestQuickActionParameters(event));
figma.on('run', ({ command, parameters }) => startController(command, parameters));
