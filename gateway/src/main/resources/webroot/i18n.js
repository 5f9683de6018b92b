/*
 * Every user-interface string of the student page, in zh-CN (the default) and en.
 * Questionnaire text is not here: it comes from the server in the chosen locale.
 * Placeholders are written {name}. A key with a ".one" variant uses it when {count} is 1.
 * An ES module: the student page's modules (/student/) import it.
 */

const STRINGS = {
  'zh-CN': {
    'doc.title': '护心 · 心情小问卷',
    'app.name': '护心',
    'app.tagline': '心情小问卷',
    'lang.group': '语言',

    'boot.loading': '正在打开…',

    'login.heading': '你好，欢迎你！',
    'login.intro': '这是一份关于你最近感受的小问卷。请填写老师发给你的纸条上的三项信息。',
    'login.school': '学校代码',
    'login.student': '学号',
    'login.code': '访问码',
    'login.codeHint': '在纸条上，样子像 ABCDE-FGHJK',
    'login.submit': '开始',
    'login.submitting': '正在登录…',
    'login.missing': '请把三项信息都填上。',
    'login.codeFormat': '访问码是 10 个字母或数字，样子像 ABCDE-FGHJK。请再对照一下纸条。',
    'login.failed': '暂时没能登录。请和老师一起再核对一下这三项信息。',
    'login.windowClosed': '这次问卷已经结束了。如果有疑问，可以问问老师。',
    'login.windowNotOpen': '这次问卷还没有开始。老师会告诉你什么时候可以开始。',
    'login.locked': '访问码输错的次数有点多，为了保护你的信息，这个学号暂时锁住了。请找老师帮你解锁，然后再试一次。',
    'login.consentMissing': '还需要家长或监护人的同意，才能开始这份问卷。请告诉老师。',
    'login.network': '网络好像断开了。请检查一下网络，然后再试一次。',
    'login.generic': '出了点小问题。请稍后再试一次，或者请老师帮忙。',
    'login.expired': '登录已经过期了，请重新填写纸条上的信息。你已经回答的题目都还在。',

    'wait.title': '很多同学正在同时登录，你正在排队…',
    'wait.countdown': '{seconds} 秒后自动再试，你不需要做任何操作。',
    'wait.countdownMinutes': '大约 {minutes} 分钟后自动再试，你不需要做任何操作。',
    'wait.tooManyTitle': '刚才输错访问码的次数有点多，请稍等一会儿（最多一分钟），页面会自己再试。如果一直进不去，请告诉老师。',
    'wait.now': '正在再试…',

    'loading.text': '正在准备问卷…',
    'loading.retry': '网络有点慢，{seconds} 秒后自动再试…',

    'quiz.part': '第 {n} / {total} 部分',
    'quiz.reassure': '答案没有对错之分，按照你真实的感受选择就好。',
    'quiz.reassureParent': '请家长根据孩子最近的情况作答。答案没有对错之分，按照您平时的观察选择就好。',
    'quiz.back': '上一步',
    'quiz.next': '下一步',
    'quiz.submit': '提交',
    'quiz.itemMissing': '这一题还没有选哦',
    'quiz.missingSummary': '还有 {count} 道题没有选，已经帮你标出来了。',
    'quiz.invalidAnswer': '这一题的答案没有保存好，请再选一次。',
    'quiz.languageUnavailable': '暂时没能切换问卷的语言，题目先保持原来的语言。',

    'draft.saving': '正在自动保存…',
    'draft.saved': '已自动保存',
    'draft.offline': '网络断开了，答案先保存在这台设备上',
    'draft.local': '答案先保存在这台设备上',

    'submit.saving': '正在保存…',
    'submit.busy': '很多同学正在提交，正在排队保存你的答案…',
    'submit.busyCountdown': '{seconds} 秒后自动再试。',
    'submit.offline': '网络不太稳定，不过你的答案都还在。',
    'submit.offlineCountdown': '{seconds} 秒后自动再试（第 {attempt} 次）。',
    'submit.generic': '提交时出了点小问题，你的答案都还在。请再点一次“提交”，或者请老师帮忙。',

    'notice.closedTitle': '问卷已经结束了',
    'notice.closedSubmit': '这次问卷已经结束，答案没能提交。请告诉老师。',
    'assent.heading': '开始之前，请先读一读',
    'assent.purpose.primary': '这份问卷是想知道你最近过得怎么样，好让老师在你需要的时候帮助你。它不是考试，没有对错。',
    'assent.who.primary': '你的答案只有学校的心理老师和得到允许的老师能看到，不会给同学看，也不会公布出来。',
    'assent.kept.primary': '你的答案会按规定保存一段时间，然后锁起来存档，没有允许谁也打不开。',
    'assent.choice.primary': '如果有不想回答的题，可以告诉老师。',
    'assent.label.primary': '我读过了上面的话，愿意自己来回答。',
    'assent.purpose.secondary': '这份问卷用于了解你近期的心理状况，以便学校在你需要时及时提供支持。它不是考试，答案没有对错之分。',
    'assent.who.secondary': '只有学校心理老师和经授权的老师能看到你的作答，不会告诉同学，也不会公开；你看到的页面上不会有任何评分或分级。',
    'assent.kept.secondary': '作答按本市规定的保存期限保存，期满后加密归档，未经批准不能调阅。',
    'assent.choice.secondary': '参加需要家长或监护人同意；如果有顾虑，可以随时和班主任或心理老师谈。',
    'assent.label.secondary': '我已阅读以上说明，同意自己作答。',
    'assent.start': '开始答题',
    'notice.consentTitle': '这次不用作答了',
    'notice.consentWithdrawn': '你的家长或监护人这次没有同意参加，所以你的答案没有保存。你不需要再做什么。想找人聊聊的时候，可以随时告诉老师或学校的心理老师。',
    'notice.brokenTitle': '问卷暂时打不开',
    'notice.broken': '问卷暂时打不开。请告诉老师。',
    'notice.back': '返回首页',

    'thanks.title': '谢谢你！',
    'thanks.body': '你已经完成了这份问卷，回答已经安全保存。谢谢你认真地告诉我们你的感受。',
    'thanks.next': '现在可以按“完成”，把设备交还给老师。',
    'thanks.receipt': '回执编号：{receipt}',
    'thanks.finish': '完成',
    'help.title': '需要帮助时',
    'help.lead': '如果你想找人聊一聊，随时可以联系他们：',
    'help.call': '拨打 {name} {phone}',
    'help.generic': '心情不好、压力很大，或者有伤害自己的念头时，你不是一个人。随时可以拨打下面的电话，或者告诉你信任的老师和家人。',
    'help.genericParent': '如果您担心孩子的情绪或安全，可以随时拨打下面的电话，也可以联系学校的心理老师。',
    'help.line12356': '全国心理援助热线',
    'help.lineHope': '希望24热线',
    'help.line120': '紧急情况请拨打'
  },

  en: {
    'doc.title': 'Huxin · How are you feeling?',
    'app.name': 'Huxin',
    'app.tagline': 'How are you feeling?',
    'lang.group': 'Language',

    'boot.loading': 'Opening…',

    'login.heading': 'Hello, welcome!',
    'login.intro':
      'This is a short questionnaire about how you have been feeling lately. Please enter the three details from the slip your teacher gave you.',
    'login.school': 'School code',
    'login.student': 'Student number',
    'login.code': 'Access code',
    'login.codeHint': 'On your slip, it looks like ABCDE-FGHJK',
    'login.submit': 'Start',
    'login.submitting': 'Signing in…',
    'login.missing': 'Please fill in all three boxes.',
    'login.codeFormat':
      'The access code has 10 letters or numbers and looks like ABCDE-FGHJK. Please compare it with your slip.',
    'login.failed': 'We could not sign you in yet. Please check the three details again together with your teacher.',
    'login.windowClosed': 'This questionnaire has already closed. If you have questions, please ask your teacher.',
    'login.windowNotOpen': 'This questionnaire has not opened yet. Your teacher will tell you when you can start.',
    'login.locked':
      'The access code was typed wrong quite a few times, so this student number is locked for now to keep your information safe. Please ask your teacher to unlock it, then try again.',
    'login.consentMissing':
      'We still need consent from your parent or guardian before you can start. Please tell your teacher.',
    'login.network': 'The network seems to be disconnected. Please check it and try again.',
    'login.generic': 'Something went wrong. Please try again in a moment, or ask your teacher for help.',
    'login.expired':
      'Your sign-in has expired. Please enter the details from your slip again. All your answers are still here.',

    'wait.title': 'Lots of students are signing in right now. You are in line…',
    'wait.countdown': 'Trying again by itself in {seconds} s. You do not need to do anything.',
    'wait.countdownMinutes': 'Trying again by itself in about {minutes} min. You do not need to do anything.',
    'wait.tooManyTitle':
      'The access code was typed wrong quite a few times just now, so please wait a little (a minute at most); this page tries again by itself. If it keeps happening, tell your teacher.',
    'wait.now': 'Trying again…',

    'loading.text': 'Getting your questionnaire ready…',
    'loading.retry': 'The network is slow. Trying again in {seconds} s…',

    'quiz.part': 'Part {n} of {total}',
    'quiz.reassure': 'There are no right or wrong answers. Just choose what feels true for you.',
    'quiz.reassureParent': 'Parents: please answer about how your child has been recently. There are no right or wrong answers; choose what you have observed.',
    'quiz.back': 'Back',
    'quiz.next': 'Next',
    'quiz.submit': 'Submit',
    'quiz.itemMissing': 'This one still needs an answer',
    'quiz.missingSummary': '{count} questions still need an answer. They are marked for you.',
    'quiz.missingSummary.one': '1 question still needs an answer. It is marked for you.',
    'quiz.invalidAnswer': 'This answer was not saved properly. Please choose it again.',
    'quiz.languageUnavailable': 'The questions could not switch language just now, so they stay as they were.',

    'draft.saving': 'Saving…',
    'draft.saved': 'Saved',
    'draft.offline': 'Offline – your answers are saved on this device',
    'draft.local': 'Your answers are saved on this device',

    'submit.saving': 'Saving…',
    'submit.busy': 'Many students are submitting. Your answers are waiting in line to be saved…',
    'submit.busyCountdown': 'Trying again by itself in {seconds} s.',
    'submit.offline': 'The network is unstable, but your answers are safe here.',
    'submit.offlineCountdown': 'Trying again by itself in {seconds} s (attempt {attempt}).',
    'submit.generic':
      'Something went wrong while submitting. Your answers are still here. Please press “Submit” again, or ask your teacher.',

    'notice.closedTitle': 'The questionnaire has closed',
    'notice.closedSubmit': 'This questionnaire has closed, so your answers could not be sent. Please tell your teacher.',
    'assent.heading': 'Before you start, please read this',
    'assent.purpose.primary': 'This questionnaire asks how you have been feeling lately, so that your teachers can help you when you need it. It is not a test; there are no right or wrong answers.',
    'assent.who.primary': 'Only the school psychologist and teachers who are allowed to can see your answers. Classmates never see them and they are never made public.',
    'assent.kept.primary': 'Your answers are kept for the time the rules allow, then locked away in an archive that nobody can open without permission.',
    'assent.choice.primary': 'If there is a question you do not want to answer, you can tell your teacher.',
    'assent.label.primary': 'I have read this and want to answer by myself.',
    'assent.purpose.secondary': 'This questionnaire helps your school understand how you have been doing lately, so that it can support you when you need it. It is not a test; there are no right or wrong answers.',
    'assent.who.secondary': 'Only the school psychologist and authorised staff see your answers. They are not shared with classmates or made public, and you will never see a score or a label.',
    'assent.kept.secondary': 'Your answers are kept for the retention period the city sets, then archived encrypted and opened only with approval.',
    'assent.choice.secondary': 'Taking part needs your parent or guardian\'s consent; if you have any worries, talk to your head teacher or the school psychologist at any time.',
    'assent.label.secondary': 'I have read the above and agree to answer myself.',
    'assent.start': 'Start',
    'notice.consentTitle': 'No need to answer this time',
    'notice.consentWithdrawn': 'Your parent or guardian did not agree to this screening, so your answers were not saved. There is nothing else you need to do. Whenever you want to talk to someone, you can tell your teacher or the school psychologist.',
    'notice.brokenTitle': 'The questionnaire cannot open',
    'notice.broken': 'The questionnaire cannot open right now. Please tell your teacher.',
    'notice.back': 'Back to start',

    'thanks.title': 'Thank you!',
    'thanks.body':
      'You have finished the questionnaire and your answers are saved safely. Thank you for telling us how you feel.',
    'thanks.next': 'You can press “Done” now and hand the device back to your teacher.',
    'thanks.receipt': 'Receipt number: {receipt}',
    'thanks.finish': 'Done',
    'help.title': 'When you need help',
    'help.lead': 'If you ever want to talk to someone, you can reach them at any time:',
    'help.call': 'Call {name}, {phone}',
    'help.generic':
      'If you feel low, under a lot of pressure, or think of hurting yourself, you are not alone. You can call one of these numbers at any time, or tell a teacher or family member you trust.',
    'help.genericParent':
      "If you are worried about your child's feelings or safety, you can call one of these numbers at any time or contact the school counsellor.",
    'help.line12356': 'National psychological support hotline',
    'help.lineHope': 'Hope 24 hotline',
    'help.line120': 'In an emergency call'
  }
};

export const LOCALES = Object.freeze(['zh-CN', 'en']);
export const DEFAULT_LOCALE = 'zh-CN';

/** The text for key in locale with {placeholders} filled; falls back to zh-CN, then to the key. */
export function format(locale, key, params) {
  const table = STRINGS[locale] || STRINGS[DEFAULT_LOCALE];
  const values = params || {};
  let template = values.count === 1 && table[key + '.one'] !== undefined ? table[key + '.one'] : table[key];
  if (template === undefined) template = STRINGS[DEFAULT_LOCALE][key];
  if (template === undefined) return key;
  return template.replace(/\{(\w+)\}/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match
  );
}
