// jpeg-js types only its index; its decoder module exports the same `decode` as module.exports.
declare module 'jpeg-js/lib/decoder' {
  import { decode } from 'jpeg-js';
  export default decode;
}
