import { startController } from './controller';

startController(figma.command);
