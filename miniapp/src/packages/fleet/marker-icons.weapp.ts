import Taro from '@tarojs/taro';

/**
 * Marker icons for WeChat's map (weapp builds only). A marker takes an image file path, not a data
 * URI, and this subpackage ships no image files, so the small PNG dots (32×32) are written once to
 * the user data folder and their paths reused.
 */
const dots = {
  online: 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA2UlEQVR42s2XsQ3EIAxFGSAjMBKruL+GFbLNDcIITPJPSBQoAXOEgG2JJiK8L2Mb25hBA2ABOAAEwOdF+Zs1KyxDEyigbyHvtW+ADwAnnlv693gKTy6NmLd0hhuFE3ei+X6qq2M0BW9BB8XQP26fhndEOC7g4ltwRkSsBmYt2mfhjIizludL4IwIWwrwK+ENEb4UEAQEhG3uZ6/hmnqr4A0R7lZ4NgugbQHYDEQNAsSvQDwIZdNQvBBpKcWyj5H4c6yiIRFvyVQ0pSrachWDiYrRTMVwumM8/wHNsT+42ZnmnwAAAABJRU5ErkJggg==',
  offline: 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA2klEQVR42s2XsQ3EIAxFGSAjMBKreARWSKq02YkRmOSfkCiiOzBHCNiWaCLC+zK2sY3pNAAWgANAAHxelL9ZM8MyNIEC2hbyXvsGeAOw47mlf7en8OTSiHFLZ7heOHEnHudVXA2jIXgN2imG/nH7MLwhwnEBF9+CMyJiMTBL0T4KZ0TspTyfAmdE2LsAPxNeEeHvAoKAgLDM/ew1fKfeLHhFhPspPIsF0LIArAaiBgHiVyAehLJpKF6ItJRi2cdI/DlW0ZCIt2QqmlIVbbmKwUTFaKZiOF0xnn8AzxlEh2vvnsgAAAAASUVORK5CYII=',
  start: 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA10lEQVR42s2XsQ3EIAxFGSB1KkZiFdepWCG7MQKT/AiJIroDE0LAtkQTEd6XsY1tTKcBsAAcAALg86L8zZoZlqEJFNC2kPfaL8AbgBPvLf27vYUnl0aMWzrD9cKJO3E/yqthNASvQTvF0BO3D8MbIhwXcPErOCMiFgOzFO2jcEbEWcrzKXBGhL0L8DPhFRH+LiAICAjL3M9ew2/qzYJXRLi/wrNYAC0LwGogahAgfgXiQSibhuKFSEspln2MxJ9jFQ2JeEumoilV0ZarGExUjGYqhtMV4/kFDaTl+JsYITkAAAAASUVORK5CYII=',
  end: 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA2ElEQVR42s2XwQ3FIAiGHaAjOJKXDsIIrtDdHME1evkbEw9Nn+KzVoHES2P9/iAgGNNpACwAB4AA+Lwof7NmhmVoAgW0LeS99gvwBuDAe0v/bm/hyaUR45bOcL1w4k489724GkZD8Bq0Uwz94/ZheEOE4wIufgVnRMRiYJaifRTOiDhKeT4FzoiwdwF+Jrwiwt8FBAEBYZn72Wt4pt4seEWE+yk8iwXQsgCsBqIGAeJXIB6EsmkoXoi0lGLZx0j8OVbRkIi3ZCqaUhVtuYrBRMVopmI4XTGeX6iAAgd7TtdYAAAAAElFTkSuQmCC',
} as const;

export type MarkerIcons = Record<keyof typeof dots, string>;

let written: MarkerIcons | null = null;

export function markerIcons(): MarkerIcons {
  if (written) return written;
  const fs = Taro.getFileSystemManager();
  const base = Taro.env.USER_DATA_PATH;
  const paths: MarkerIcons = { online: '', offline: '', start: '', end: '' };
  for (const key of Object.keys(dots) as Array<keyof typeof dots>) {
    const path = `${base}/fleet-dot-${key}.png`;
    try {
      fs.writeFileSync(path, dots[key], 'base64');
    } catch {
      // The folder is full or not writable: the marker shows without its dot rather than the page failing.
    }
    paths[key] = path;
  }
  written = paths;
  return paths;
}
