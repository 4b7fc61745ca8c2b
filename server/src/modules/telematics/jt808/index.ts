export * from './bytes';
export * from './frame';
export * from './header';
export * from './location';
export * from './messages';
export * from './codec';
export * from './reassembly';
export * from './profile';
