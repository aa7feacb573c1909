import Lessons

extension KeyHelp {
    /// The help overlay's key descriptions in Chinese, by their English text. A key added later
    /// without a translation is shown in English rather than left out.
    static let chinese: [String: String] = [
        "Help": "帮助",
        "? or Esc closes": "? 或 Esc 关闭",
        "  ... more: a taller terminal, or :help": "  ……更多：用更高的终端，或输入 :help",
        "Keys": "按键",
        "Commands (after :)": "命令（在 : 之后输入）",
        "train one epoch": "训练一轮",
        "train one mini-batch": "训练一个小批量",
        "run / pause continuous training": "连续训练 / 暂停",
        "next / previous activation (re-initialises the network)": "下一个 / 上一个激活函数（重新初始化网络）",
        "learning rate x2 / /2": "学习率 ×2 / ÷2",
        "next dataset": "下一个数据集",
        "regenerate the data: next data seed (re-initialises the network)": "重新生成数据：下一个数据种子（重新初始化网络）",
        "reset: a new network, epoch 0": "重置：新网络，第 0 轮",
        "slower / faster training (epochs a second, up to max)": "减慢 / 加快训练（每秒轮数，最高 max）",
        "loss chart: log / linear scale": "损失图：对数 / 线性刻度",
        "landscape panel: random directions, then pca, then off": "损失曲面面板：随机方向，然后 pca，然后关闭",
        "network view: each neuron's output, weights, bias (n or Esc closes)": "网络视图：每个神经元的输出、权重、偏置（n 或 Esc 关闭）",
        "select a neuron / a layer": "选择神经元 / 层",
        "backprop inspector on one training example (i or Esc closes)": "反向传播检查器：一个训练样本（i 或 Esc 关闭）",
        "previous / next example; scroll": "上一个 / 下一个样本；滚动",
        "save the session": "保存会话",
        "command line (Tab completes, Up/Down history)": "命令行（Tab 补全，上/下 历史）",
        "this help (? or Esc closes)": "本帮助（? 或 Esc 关闭）",
        "quit (asks to save an unsaved session)": "退出（未保存的会话会询问）",
        "data panel: show / hide the validation points": "数据面板：显示 / 隐藏验证点",
        "data panel: discretised output (class regions) / confidence shading": "数据面板：离散输出（类别区域）/ 置信度着色",
        "comparing (:compare KEY VALUE): loss curves overlaid / every panel side by side": "对比（:compare 设置 值）：损失曲线叠加 / 所有面板并排",
        "edit the selected neuron: opens :set bias L J for its new value": "编辑所选神经元：打开 :set bias L J 输入新值",
        "a neuron (network view) selects it; a point (data panel) opens the inspector on it": "点击神经元（网络视图）选中它；点击数据点（数据面板）在检查器中打开它",
        "percentile bands of z, a, ∂L/∂W over the epochs (the network view's layer)": "z、a、∂L/∂W 各轮的分位数带（网络视图所选的层）",
        "comparing two runs: the inspector and the network view show run A / run B": "对比两次运行：检查器和网络视图显示运行 A / 运行 B",
    ]

    /// `text` in `language` (English when there is no translation).
    static func translated(_ text: String, _ language: LessonLanguage) -> String {
        language == .zh ? chinese[text] ?? text : text
    }
}
